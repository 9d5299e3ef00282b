import * as assert from 'node:assert/strict';
import { ConcurrencyLimiter } from '../../../src/emulator/concurrency';

describe('emulator: reserved concurrency', () => {
  it('throttles synchronous takers and queues waiting ones, first come first served', async () => {
    const limiter = new ConcurrencyLimiter();
    const closing = new AbortController();
    const first = limiter.acquire('f', 1);
    assert.ok(first);
    assert.equal(limiter.acquire('f', 1), undefined);
    const order: string[] = [];
    const a = limiter.waitForSlot('f', 1, closing.signal).then((release) => (order.push('a'), release));
    const b = limiter.waitForSlot('f', 1, closing.signal).then((release) => (order.push('b'), release));
    first();
    first();
    const releaseA = await a;
    assert.deepEqual(order, ['a']);
    assert.equal(limiter.acquire('f', 1), undefined, 'the freed slot went to the first waiter, not to a newcomer');
    releaseA?.();
    (await b)?.();
    assert.deepEqual(order, ['a', 'b']);
    assert.ok(limiter.acquire('f', 1), 'every slot is free again');
  });

  it('lets a waiter leave when its signal aborts, without taking a slot', async () => {
    const limiter = new ConcurrencyLimiter();
    const closing = new AbortController();
    const held = limiter.acquire('f', 1);
    const waiting = limiter.waitForSlot('f', 1, closing.signal);
    closing.abort();
    assert.equal(await waiting, undefined);
    held?.();
    assert.ok(limiter.acquire('f', 1));
    assert.equal(await limiter.waitForSlot('g', undefined, closing.signal), undefined, 'nothing starts once closing');
  });
});
