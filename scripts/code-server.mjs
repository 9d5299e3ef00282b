// Starts code-server 4.100.3 (VS Code 1.100.3) on 127.0.0.1 in a sandbox of its own: its own HOME, XDG dirs,
// TMPDIR, user-data-dir and extensions dir under one state folder, in its own process group so that stop() ends
// it and every extension host it spawned. Used by `npm start` and by the extension-host and UI test runners.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** Settings that keep a fresh profile quiet and deterministic. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  // The Local endpoint listens on a loopback port; forwarding it would only add noise to the Ports view.
  'remote.autoForwardPorts': false,
  'chat.disableAIFeatures': true,
};

/**
 * @param {object} options
 * @param {string} options.stateDir folder for everything code-server writes (created)
 * @param {string} options.workspace folder to open
 * @param {number} [options.port] 0 (default) for any free port
 * @param {Record<string, unknown>} [options.settings] extra user settings
 * @param {boolean} [options.workspaceTrust] true: workspace trust on, the folder opens in Restricted Mode
 * @param {Record<string, string>} [options.env] extra environment for code-server and its extension hosts
 * @param {string[]} [options.installExtensions] .vsix files to install before starting
 * @param {(line: string) => void} [options.log] receives code-server's output lines
 * @param {number} [options.timeoutMs] how long to wait for the listening line
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>, dirs: Record<string, string>}>}
 */
export async function startCodeServer(options) {
  const {
    stateDir,
    workspace,
    port = 0,
    settings = {},
    env = {},
    installExtensions = [],
    log = () => {},
    timeoutMs = 60_000,
    workspaceTrust = false,
  } = options;
  const dirs = {
    home: join(stateDir, 'home'),
    tmp: join(stateDir, 'tmp'),
    config: join(stateDir, 'config'),
    data: join(stateDir, 'data'),
    userData: join(stateDir, 'user-data'),
    extensions: join(stateDir, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const trustSettings = workspaceTrust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      }
    : {};
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...trustSettings, ...settings }, null, 2),
  );

  const entry = require.resolve('code-server/out/node/entry.js');
  const childEnv = {
    ...process.env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: join(dirs.data, 'cache'),
    ...env,
  };
  delete childEnv.VSCODE_IPC_HOOK_CLI;
  const common = ['--config', '/dev/null', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  for (const vsix of installExtensions) {
    await runToEnd(process.execPath, [entry, ...common, '--install-extension', vsix, '--force'], childEnv, log);
  }

  const child = spawn(
    process.execPath,
    [
      entry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );

  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return resolve();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3_000).unref();
    });

  const listening = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`code-server did not start listening within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onLine = (line) => {
      log(line);
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], port: Number(match[2]) });
      }
    };
    lines(child.stdout, onLine);
    lines(child.stderr, onLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited before listening (code ${code}, signal ${signal})`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });

  return { ...listening, stop, dirs };
}

/** Builds the workbench URL that opens `folder`, optionally with extension development and test paths. */
export function workbenchUrl(base, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const host = new URL(base).host;
  const payload = [
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  if (extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${extensionTestsPath}`]);
  return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function lines(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (text) => {
    const parts = (rest + text).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) onLine(part);
  });
}

function runToEnd(command, args, env, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    lines(child.stdout, log);
    lines(child.stderr, log);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}
