/**
 * StdoutSink over a slow writable: writes wait for 'drain' without leaving anything behind, and a reader that goes
 * away still releases a waiting write and the callbacks registered for it.
 */
import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { StdoutSink } from '../../../src/cli/stdoutSink';

/** A writable that takes one byte before it pushes back and completes each write on the next turn. */
function slowWritable(): Writable {
  return new Writable({
    highWaterMark: 1,
    write(_chunk, _encoding, callback) {
      setImmediate(callback);
    },
  });
}

/** The sink's registered reader-closed callbacks (private state, read to prove it does not grow). */
function closedCallbacks(sink: StdoutSink): number {
  const store = (sink as unknown as { onClosed: Set<unknown> | unknown[] }).onClosed;
  return store instanceof Set ? store.size : store.length;
}

describe('cli/stdoutSink', () => {
  it('keeps no callback per write that waited for drain', async () => {
    const stream = slowWritable();
    const sink = new StdoutSink(stream);
    let closed = 0;
    sink.onReaderClosed(() => closed++);
    for (let index = 0; index < 200; index++) await sink.write(`line ${index}\n`);
    assert.equal(closedCallbacks(sink), 1, 'only the callback registered by the caller');
    assert.equal(stream.listenerCount('drain'), 0);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.equal(closed, 1);
    assert.equal(sink.closed, true);
  });

  it('releases a write that waits when the reader goes away', async () => {
    const stream = new Writable({ highWaterMark: 1, write: () => undefined });
    const sink = new StdoutSink(stream);
    const waiting = sink.write('never drained');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await waiting;
    assert.equal(closedCallbacks(sink), 0);
    await sink.write('dropped');
  });
});
