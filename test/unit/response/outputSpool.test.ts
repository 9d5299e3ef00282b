import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutputSpool } from '../../../src/core/response/outputSpool';

describe('core/response/outputSpool', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-spool-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file readable by the user only (0600) in a folder only the user can enter (0700)', async () => {
    const previous = process.umask(0o000);
    try {
      const spool = new OutputSpool(path.join(dir, 'private', 'out.bin'));
      spool.write(Buffer.from('secret output'));
      await spool.close();
      assert.equal(fs.statSync(spool.filePath).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.join(dir, 'private')).mode & 0o777, 0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('writes every byte in order, waiting for drains, and saves an exact copy', async () => {
    const spool = new OutputSpool(path.join(dir, 'nested', 'out.bin'));
    const expected: Buffer[] = [];
    for (let index = 0; index < 200; index++) {
      const bytes = Buffer.alloc(64 * 1024, index);
      expected.push(bytes);
      if (!spool.write(bytes)) await spool.drained();
    }
    await spool.close();
    assert.equal(spool.bytesWritten, 200 * 64 * 1024);
    const copy = path.join(dir, 'copy.bin');
    await spool.saveAs(copy);
    assert.ok(fs.readFileSync(copy).equals(Buffer.concat(expected)));
  });

  it('writes a chunk that arrived in parts as its parts, in order, with backpressure', async () => {
    const spool = new OutputSpool(path.join(dir, 'parts.bin'));
    const expected: Buffer[] = [];
    for (let index = 0; index < 100; index++) {
      const parts = [Buffer.alloc(40_000, index), Buffer.alloc(25_536, 255 - index), Buffer.from([index])];
      expected.push(...parts);
      if (!spool.writeParts(parts)) await spool.drained();
    }
    await spool.close();
    assert.equal(spool.bytesWritten, 100 * 65_537);
    assert.ok(fs.readFileSync(spool.filePath).equals(Buffer.concat(expected)));
  });

  it('deletes its file, and close is safe to repeat', async () => {
    const spool = new OutputSpool(path.join(dir, 'out.bin'));
    spool.write(Uint8Array.of(0, 1, 2));
    await spool.close();
    await spool.close();
    await spool.delete();
    assert.equal(fs.existsSync(spool.filePath), false);
  });
});
