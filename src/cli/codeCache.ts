/**
 * Loads the CLI's own bundles (dist/cli/*.js, dist/vendor/aws.js) with a V8 code cache, so that a `lambda-stream`
 * run does not compile some 1.5 MB of JavaScript from scratch each time (`npm run bench`: cli.first_chunk_ms).
 *
 * On Node with `module.enableCompileCache` (22.1 and later) Node keeps the cache itself, in the folder below. On
 * Node 20 a bundle is compiled as a `vm.Script` with the `cachedData` of an earlier run; at the end of a run that had
 * none (or whose data V8 rejected, after a Node update), the data V8 then holds — the functions that ran included —
 * is written for the next run.
 *
 * V8 does not authenticate cached data: whoever can write it can make the CLI run their code. So the folder is the
 * user's own (`$XDG_CACHE_HOME` or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%), created 0700, and refused when it is
 * a link, belongs to someone else or others may write or read it; a cache file that belongs to someone else or that
 * others may write is ignored, never a shared temporary folder. A file's cache is named after its path, size and
 * modification time and the Node version, so a rebuilt or updated bundle starts a new cache (and the old one is
 * deleted). LAMBDA_STREAM_CODE_CACHE=off turns it off; LAMBDA_STREAM_CODE_CACHE=/some/dir uses that folder (the same
 * checks apply). Any failure of the cache only means a plain `require`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** Bundles already loaded in this process, shared by every bundle that carries a copy of this module. */
const loaded: Map<string, unknown> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('lambda-stream.cli.codeCache.loaded')
] ??= new Map<string, unknown>()) as Map<string, unknown>;

/** Largest cache file read; V8's data for our bundles is about the size of their source. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** The exports of the CommonJS bundle `file`, compiled with the code cache when the cache folder may be used. */
export function requireCached(file: string, folder: string | undefined = codeCacheFolder()): unknown {
  if (loaded.has(file)) return loaded.get(file);
  const { exports } = loadWithCodeCache(file, folder);
  loaded.set(file, exports);
  return exports;
}

/**
 * How a bundle was loaded: `plain` a `require` (no usable cache folder, or Node keeps the cache itself), `cached`
 * compiled from the cached data, `compiled` compiled from source (no cache yet, or V8 rejected it: a new one is
 * written when the process exits, or by {@link writeCodeCaches}).
 */
export type LoadStatus = 'plain' | 'cached' | 'compiled';

/** Loads `file` once more (no memo: that is {@link requireCached}) and says how. */
export function loadWithCodeCache(file: string, folder: string | undefined): { exports: unknown; status: LoadStatus } {
  const enableCompileCache = (nodeModule as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache;
  if (folder === undefined || !privateFolder(folder)) return { exports: plainRequire(file), status: 'plain' };
  if (enableCompileCache) {
    enableCompileCache(folder);
    return { exports: plainRequire(file), status: 'plain' };
  }
  let source: string;
  let cacheFile: string;
  try {
    const stat = fs.statSync(file);
    source = fs.readFileSync(file, 'utf8');
    cacheFile = path.join(folder, cacheFileName(file, stat));
  } catch {
    return { exports: plainRequire(file), status: 'plain' };
  }
  const cachedData = readCache(cacheFile);
  // The same wrapper as Node's for CommonJS, on the source's first line so that line numbers stay right.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!/, '//')}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} as unknown, id: file, filename: file, loaded: false, children: [], paths: [] };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, nodeModule.createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  if (cachedData !== undefined && script.cachedDataRejected !== true)
    return { exports: module.exports, status: 'cached' };
  // Written at the end of the run, when V8's data includes every function that ran, not only the top level.
  if (pending.size === 0) process.once('exit', writeCodeCaches);
  pending.set(cacheFile, () => script.createCachedData());
  return { exports: module.exports, status: 'compiled' };
}

/** Node's own `require` of a bundle, as without a code cache. */
function plainRequire(file: string): unknown {
  return nodeModule.createRequire(file)(file);
}

/** Cache files to write: their path and the data's producer. */
const pending = new Map<string, () => Buffer>();

/** Writes the caches of the bundles compiled from source so far (done when the process exits). */
export function writeCodeCaches(): void {
  for (const [cacheFile, produce] of pending) writeCache(cacheFile, produce);
  pending.clear();
}

/**
 * The user's cache folder for compiled code: LAMBDA_STREAM_CODE_CACHE when set (`off` for none), else the platform's
 * per-user cache folder. Undefined when there is none (no home folder).
 */
export function codeCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.LAMBDA_STREAM_CODE_CACHE;
  if (chosen !== undefined && chosen !== '') {
    if (/^(off|0|false|no)$/i.test(chosen)) return undefined;
    return path.resolve(chosen);
  }
  const home = os.homedir();
  if (process.platform === 'win32') {
    const base = env.LOCALAPPDATA ?? (home ? path.join(home, 'AppData', 'Local') : undefined);
    return base && path.join(base, 'lambda-stream', 'code-cache');
  }
  if (process.platform === 'darwin')
    return home ? path.join(home, 'Library', 'Caches', 'lambda-stream', 'code-cache') : undefined;
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : home ? path.join(home, '.cache') : undefined;
  return base && path.join(base, 'lambda-stream', 'code-cache');
}

/**
 * Creates `folder` (0700) if needed and says whether only this user can use it: a real folder, not a link, owned by
 * this user, with no permission for group or others. On Windows the per-user profile folder's ACL is relied on.
 */
export function privateFolder(folder: string): boolean {
  try {
    let stat = fs.lstatSync(folder, { throwIfNoEntry: false });
    if (!stat) {
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      stat = fs.lstatSync(folder);
    }
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** `<bundle>-<path hash>-<version hash>.v8`: one file per bundle path; a new size, time or Node version, a new name. */
export function cacheFileName(file: string, stat: fs.Stats): string {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
  const version = [stat.size, stat.mtimeMs, process.version, process.arch, process.versions.v8].join('|');
  return `${path.basename(file, '.js')}-${hash(path.resolve(file))}-${hash(version)}.v8`;
}

/** The cached data, if the file is a regular one of this user's that others cannot write; else undefined. */
function readCache(cacheFile: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size === 0 || stat.size > MAX_CACHE_BYTES) return undefined;
    if (process.platform !== 'win32' && (stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0))
      return undefined;
    const data = Buffer.allocUnsafe(stat.size);
    let offset = 0;
    while (offset < data.length) {
      const read = fs.readSync(fd, data, offset, data.length - offset, offset);
      if (read === 0) return undefined;
      offset += read;
    }
    return data;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes the data beside the cache file and renames it into place (a reader never sees half a file), 0600, and
 * deletes the caches of earlier builds of the same bundle. Failures are ignored: the next run compiles again.
 */
function writeCache(cacheFile: string, produce: () => Buffer): void {
  const folder = path.dirname(cacheFile);
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, produce(), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, cacheFile);
    const name = path.basename(cacheFile);
    const sameBundle = name.slice(0, name.lastIndexOf('-') + 1);
    for (const other of fs.readdirSync(folder)) {
      if (other !== name && other.startsWith(sameBundle) && other.endsWith('.v8')) fs.rmSync(path.join(folder, other));
    }
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
