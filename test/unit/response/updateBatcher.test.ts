import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { UpdateBatcher } from '../../../src/core/response/updateBatcher';

describe('core/response/updateBatcher', () => {
  it('coalesces any number of changes in one tick into one flush', async () => {
    let flushed = 0;
    const batcher = new UpdateBatcher(() => flushed++);
    for (let i = 0; i < 100_000; i++) batcher.schedule();
    assert.equal(flushed, 0, 'nothing is flushed synchronously');
    await sleep(5);
    assert.equal(flushed, 1);
    assert.equal(batcher.flushes, 1);
    batcher.dispose();
  });

  it('flushes the first change after a quiet period on the next turn of the event loop, not a timer later', async () => {
    let flushed = 0;
    const batcher = new UpdateBatcher(() => flushed++, { intervalMs: 1_000 });
    batcher.schedule();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(flushed, 1, 'flushed before a setImmediate queued after it');
    batcher.dispose();
  });

  it('flushes at most once per interval, by the clock it is given', async () => {
    let clock = 0;
    let flushed = 0;
    const batcher = new UpdateBatcher(() => flushed++, { intervalMs: 1_000_000, now: () => clock });
    batcher.schedule();
    await sleep(5);
    assert.equal(flushed, 1, 'the first change after a quiet period goes out at once');
    batcher.schedule();
    await sleep(20);
    assert.equal(flushed, 1, 'the next one waits for the interval');
    assert.equal(batcher.isPending, true);
    clock = 2_000_000;
    batcher.flushNow();
    assert.equal(flushed, 2);
    batcher.dispose();
  });

  it('reads a function interval at each scheduling', async () => {
    let interval = 0;
    let flushed = 0;
    const batcher = new UpdateBatcher(() => flushed++, { intervalMs: () => interval });
    batcher.schedule();
    await sleep(5);
    interval = 1_000_000;
    batcher.schedule();
    await sleep(20);
    assert.equal(flushed, 1);
    batcher.dispose();
  });

  it('flushNow without a pending change does nothing, and dispose drops the pending one', async () => {
    let flushed = 0;
    const batcher = new UpdateBatcher(() => flushed++);
    batcher.flushNow();
    assert.equal(flushed, 0);
    batcher.schedule();
    batcher.dispose();
    await sleep(10);
    batcher.schedule();
    batcher.flushNow();
    assert.equal(flushed, 0);
  });
});
