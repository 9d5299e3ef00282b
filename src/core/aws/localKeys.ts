/**
 * The session keys of a running Local endpoint. Each endpoint makes a random access key id and secret when it starts
 * and accepts only requests signed with them (SigV4), so another user of the machine, or a page in a browser, cannot
 * run the developer's handlers. The keys are written to `<runtime dir>/lambda-stream-<uid>/endpoints/<port>.json`,
 * readable by the owner only (0600 in a 0700 folder), so the CLI and scripts of the same user find them from the
 * endpoint's URL with no flag; the file goes when the endpoint stops. A folder or file that another user could have
 * planted or can read is never trusted.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import type { StaticCredentials } from './client';

/** What the keys file of one endpoint holds. */
export interface LocalSessionKeys extends StaticCredentials {
  readonly url: string;
  readonly pid: number;
  /** The secret path segment of the endpoint's function URLs. */
  readonly urlToken?: string;
}

/** New random keys for one endpoint session. */
export function newSessionKeys(): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: `LSLOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
}

/** The per-user folder for private runtime files (keys, spools, bundles), created 0700 and checked. */
export function privateDir(...parts: string[]): string {
  const base =
    process.env.XDG_RUNTIME_DIR && isPrivateDir(process.env.XDG_RUNTIME_DIR) ? process.env.XDG_RUNTIME_DIR : tmpdir();
  let dir = path.join(base, `lambda-stream-${userTag()}`);
  ensurePrivateDir(dir);
  for (const part of parts) {
    dir = path.join(dir, part);
    ensurePrivateDir(dir);
  }
  return dir;
}

/** Writes the keys of the endpoint on `port` (0600, written whole then renamed); returns the file. */
export function writeLocalKeys(port: number, keys: LocalSessionKeys): string {
  const file = keysFile(port);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(keys), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

/** Removes the keys file of `port` if it still holds `accessKeyId` (a newer endpoint may have taken the port). */
export function removeLocalKeys(port: number, accessKeyId: string): void {
  try {
    const file = keysFile(port);
    if (readKeysFile(file)?.accessKeyId === accessKeyId) rmSync(file, { force: true });
  } catch {
    // nothing to remove, or a folder we do not trust: leave it
  }
}

/** The keys of the Local endpoint at `endpointUrl` (loopback, this user), if it wrote any and the file is private. */
export function readLocalKeys(endpointUrl: string): LocalSessionKeys | undefined {
  let port: number;
  try {
    const url = new URL(endpointUrl);
    port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  } catch {
    return undefined;
  }
  try {
    return readKeysFile(keysFile(port));
  } catch {
    return undefined;
  }
}

function keysFile(port: number): string {
  return path.join(privateDir('endpoints'), `${port}.json`);
}

function readKeysFile(file: string): LocalSessionKeys | undefined {
  const stats = lstatSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile() || !ownedPrivately(stats)) return undefined;
  const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSessionKeys>;
  if (typeof value.accessKeyId !== 'string' || typeof value.secretAccessKey !== 'string') return undefined;
  if (typeof value.pid === 'number' && !processExists(value.pid)) {
    // The endpoint that wrote it is gone without removing it (killed): another server may listen on its port now,
    // and must not be sent requests signed with a dead session's keys.
    rmSync(file, { force: true });
    return undefined;
  }
  return value as LocalSessionKeys;
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stats = lstatSync(dir);
  if (!stats.isDirectory() || stats.isSymbolicLink())
    throw new Error(`${dir} is not a folder; remove it and try again`);
  if (process.getuid && stats.uid !== process.getuid())
    throw new Error(`${dir} belongs to another user; remove it (or set TMPDIR) and try again`);
  if ((stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function isPrivateDir(dir: string): boolean {
  try {
    const stats = lstatSync(dir);
    return stats.isDirectory() && ownedPrivately(stats);
  } catch {
    return false;
  }
}

function ownedPrivately(stats: { uid: number; mode: number }): boolean {
  if (process.platform === 'win32') return true;
  return (!process.getuid || stats.uid === process.getuid()) && (stats.mode & 0o077) === 0;
}

function userTag(): string {
  if (process.getuid) return String(process.getuid());
  try {
    return userInfo().username.replace(/[^A-Za-z0-9_-]/g, '') || 'user';
  } catch {
    return 'user';
  }
}
