/**
 * The CLI's V8 code cache (src/cli/codeCache.ts): used only in a private folder of this user's, never from a file
 * others could have written, and started afresh when the bundle changes.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  cacheFileName,
  codeCacheFolder,
  loadWithCodeCache,
  privateFolder,
  writeCodeCaches,
} from '../../../src/cli/codeCache';

const root = path.join(__dirname, '../../../..');
const posix = process.platform !== 'win32';

/** A CommonJS bundle with some functions, so that V8 has code to cache. */
function bundle(version: number): string {
  const functions = Array.from(
    { length: 50 },
    (_, index) => `function f${index}(x) { return x * ${index} + ${version}; }`,
  );
  return `"use strict";\n${functions.join('\n')}\nmodule.exports = { version: ${version}, sum: f1(1) + f49(2) };\n`;
}

describe('cli: the code cache', () => {
  let dir: string;
  let folder: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(tmpdir(), 'lambda-stream-code-cache-'));
    folder = path.join(dir, 'cache');
    file = path.join(dir, 'bundle.js');
    fs.writeFileSync(file, bundle(1));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cacheFiles = () => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.v8')) : []);

  it('creates a private folder, writes the cache there (0600) and uses it on the next load', () => {
    const first = loadWithCodeCache(file, folder);
    assert.equal(first.status, 'compiled');
    assert.deepEqual(first.exports, { version: 1, sum: 101 });
    writeCodeCaches();
    assert.equal(cacheFiles().length, 1);
    if (posix) {
      assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(folder, cacheFiles()[0])).mode & 0o777, 0o600);
    }
    const second = loadWithCodeCache(file, folder);
    assert.equal(second.status, 'cached');
    assert.deepEqual(second.exports, { version: 1, sum: 101 });
  });

  it('starts a new cache when the bundle changes, and deletes the old one', () => {
    loadWithCodeCache(file, folder);
    writeCodeCaches();
    const [before] = cacheFiles();
    fs.writeFileSync(file, bundle(22));
    const changed = loadWithCodeCache(file, folder);
    assert.equal(changed.status, 'compiled');
    assert.deepEqual(changed.exports, { version: 22, sum: 143 });
    writeCodeCaches();
    const after = cacheFiles();
    assert.equal(after.length, 1);
    assert.notEqual(after[0], before);
    assert.equal(loadWithCodeCache(file, folder).status, 'cached');
  });

  it('refuses a folder others may read or write, and loads the bundle plainly', function () {
    if (!posix) this.skip();
    fs.mkdirSync(folder, { mode: 0o755 });
    fs.chmodSync(folder, 0o755);
    assert.equal(privateFolder(folder), false);
    const loaded = loadWithCodeCache(file, folder);
    assert.equal(loaded.status, 'plain');
    assert.deepEqual(loaded.exports, { version: 1, sum: 101 });
    writeCodeCaches();
    assert.deepEqual(cacheFiles(), []);
  });

  it('refuses a folder that is a link', function () {
    if (!posix) this.skip();
    const real = path.join(dir, 'real');
    fs.mkdirSync(real, { mode: 0o700 });
    fs.symlinkSync(real, folder);
    assert.equal(privateFolder(folder), false);
    assert.equal(loadWithCodeCache(file, folder).status, 'plain');
  });

  it('ignores a cache file that others may write, or that belongs to another user', function () {
    if (!posix) this.skip();
    loadWithCodeCache(file, folder);
    writeCodeCaches();
    const cacheFile = path.join(folder, cacheFiles()[0]);
    fs.chmodSync(cacheFile, 0o666);
    assert.equal(loadWithCodeCache(file, folder).status, 'compiled');
    writeCodeCaches();
    assert.equal(fs.statSync(cacheFile).mode & 0o777, 0o600, 'replaced by a private one');
    assert.equal(loadWithCodeCache(file, folder).status, 'cached');
    if (process.getuid?.() === 0) {
      fs.chownSync(cacheFile, 65534, 65534);
      assert.equal(loadWithCodeCache(file, folder).status, 'compiled');
    }
  });

  it('compiles from source when the cached data is not V8 data for this source, and replaces it', () => {
    // A source this process has not compiled yet: V8 would take an identical one from its in-memory cache instead.
    fs.writeFileSync(file, bundle(5));
    fs.mkdirSync(folder, { mode: 0o700 });
    const cacheFile = path.join(folder, cacheFileName(file, fs.statSync(file)));
    fs.writeFileSync(cacheFile, Buffer.alloc(4096, 7), { mode: 0o600 });
    const loaded = loadWithCodeCache(file, folder);
    assert.equal(loaded.status, 'compiled');
    assert.deepEqual(loaded.exports, { version: 5, sum: 109 });
    writeCodeCaches();
    assert.notDeepEqual(fs.readFileSync(cacheFile), Buffer.alloc(4096, 7));
  });

  it("is the user's cache folder unless LAMBDA_STREAM_CODE_CACHE says otherwise", () => {
    assert.equal(codeCacheFolder({ LAMBDA_STREAM_CODE_CACHE: 'off' }), undefined);
    assert.equal(codeCacheFolder({ LAMBDA_STREAM_CODE_CACHE: folder }), folder);
    if (process.platform === 'linux') {
      assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/lambda-stream/code-cache');
      assert.match(codeCacheFolder({}) ?? '', /\/\.cache\/lambda-stream\/code-cache$/);
    }
  });

  it('is used by the CLI: a command bundle is cached after its first run', () => {
    const cli = path.join(root, 'dist', 'cli.js');
    const env = { ...process.env, LAMBDA_STREAM_CODE_CACHE: folder };
    for (let run = 0; run < 2; run++) {
      const result = spawnSync(process.execPath, [cli, 'invoke', '--help'], { env, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Usage: lambda-stream invoke/);
      assert.equal(result.stderr, '');
    }
    assert.deepEqual(
      cacheFiles().map((name) => name.replace(/-.*/, '')),
      ['invoke'],
    );
  });

  it('can compile the bundles it loads: no import() is left in them (a vm.Script cannot import on Node 20)', () => {
    const bundles = [
      path.join(root, 'dist', 'vendor', 'aws.js'),
      ...fs
        .readdirSync(path.join(root, 'dist', 'cli'))
        .filter((name) => name.endsWith('.js'))
        .map((name) => path.join(root, 'dist', 'cli', name)),
    ];
    for (const bundleFile of bundles)
      assert.doesNotMatch(fs.readFileSync(bundleFile, 'utf8'), /(^|[^\w$.])import\(/, bundleFile);
  });
});
