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

  it('deletes its file, and close is safe to repeat', async () => {
    const spool = new OutputSpool(path.join(dir, 'out.bin'));
    spool.write(Uint8Array.of(0, 1, 2));
    await spool.close();
    await spool.close();
    await spool.delete();
    assert.equal(fs.existsSync(spool.filePath), false);
  });
});
