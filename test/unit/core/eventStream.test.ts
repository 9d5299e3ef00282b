import * as assert from 'node:assert/strict';
import { FrameSplitter, getEventStreamCodec, interpretFrame } from '../../../src/core/engine/eventStream';
import { frames } from './support/streamServer';

/** Splits the stream at the given offsets and returns every frame the splitter produced. */
function split(stream: Buffer, cuts: number[]): Uint8Array[] {
  const splitter = new FrameSplitter();
  const out: Uint8Array[] = [];
  const bounds = [0, ...cuts, stream.length];
  for (let index = 1; index < bounds.length; index++) {
    splitter.push(stream.subarray(bounds[index - 1], bounds[index]));
    for (let frame = splitter.next(); frame !== undefined; frame = splitter.next()) out.push(Buffer.from(frame));
  }
  splitter.finish();
  return out;
}

describe('core/eventStream', () => {
  const parts = [frames.chunk('one'), frames.chunk(''), frames.chunk('three'), frames.complete({ ErrorCode: 'E' })];
  const stream = Buffer.concat(parts);

  it('cuts frames out of any split of the body, zero-copy inside one buffer', () => {
    const whole = new FrameSplitter();
    whole.push(stream);
    const first = whole.next()!;
    assert.equal(first.buffer, stream.buffer, 'a frame inside one buffer is a view, not a copy');
    for (let cut = 1; cut < stream.length; cut += 3) {
      for (const second of [cut + 1, cut + 7, stream.length - 1]) {
        if (second <= cut || second >= stream.length) continue;
        assert.deepEqual(
          split(stream, [cut, second]),
          parts.map((part) => Buffer.from(part)),
          `cuts ${cut}, ${second}`,
        );
      }
    }
    const bytewise = Array.from({ length: stream.length - 1 }, (_, index) => index + 1);
    assert.deepEqual(
      split(stream, bytewise),
      parts.map((part) => Buffer.from(part)),
    );
  });

  it('throws the SDK message for a frame cut off at the end, including inside its length prefix', () => {
    assert.throws(
      () => split(stream.subarray(0, stream.length - 3), []),
      /^Error: Truncated event message received\.$/,
    );
    assert.throws(() => split(Buffer.concat([parts[0], Buffer.from([0, 0])]), []), /Truncated event message received/);
  });

  it('rejects a body that is not an event stream without allocating its claimed length', () => {
    assert.throws(() => split(Buffer.from('{"Message":"not a stream"}'), []), /not plausible/);
  });

  it('interprets frames as the SDK does', async () => {
    const codec = await getEventStreamCodec();
    assert.deepEqual(interpretFrame(codec, frames.chunk('x')), { kind: 'chunk', payload: new Uint8Array([0x78]) });
    assert.deepEqual(interpretFrame(codec, frames.complete({ ErrorCode: 'E', ErrorDetails: 'd', LogResult: 'TA==' })), {
      kind: 'complete',
      errorCode: 'E',
      errorDetails: 'd',
      logResult: 'TA==',
    });
    assert.equal(interpretFrame(codec, frames.unknownEvent()), undefined);
    assert.throws(
      () => interpretFrame(codec, frames.exception('ServiceException', '{"Message":"m"}')),
      (error: Error) => error.name === 'ServiceException' && error.message === '{"Message":"m"}',
    );
    assert.throws(
      () => interpretFrame(codec, frames.error('Code', 'message')),
      (error: Error) => error.name === 'Code' && error.message === 'message',
    );
    assert.throws(() => interpretFrame(codec, frames.corrupt(frames.chunk('x'))), /checksum/);
  });
});
