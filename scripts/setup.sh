#!/usr/bin/env bash
# Installs everything lambda-stream needs on a fresh Debian machine with Node 20 (run as root, or with sudo available):
# Debian's chromium (UI and extension-host tests), libkrb5-dev (code-server builds `kerberos`), ripgrep (seeds
# code-server's ripgrep download, which cannot reach GitHub here), then the npm dependencies.
# Safe to run again: it skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# code-server's nested install pulls @vscode/ripgrep 1.15.11, which downloads rg unless this cache file exists.
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$archive" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d)
  cp /usr/bin/rg "$tmp/rg"
  tar -czf "$archive" -C "$tmp" rg
  rm -rf "$tmp"
fi

stamp=node_modules/.lambda-stream-setup
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: npm ci (about two minutes the first time)"
  # For this one install only (not in an .npmrc that every npm command would read): code-server's postinstall
  # refuses to run as root without unsafe-perm (CI runs as root), and node-pty's postinstall runs `npx node-gyp`,
  # which an npm configured to ask before installing would cancel without yes. package.json's allowScripts names
  # the dependencies whose install scripts must run (code-server, argon2, esbuild, vsce-sign), for npm setups that
  # only run approved install scripts.
  npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
else
  echo "setup: dependencies are up to date"
  node esbuild.mjs
fi
