import * as assert from 'node:assert/strict';
import { EventStreamCodec, Int64, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { EventStreamDecoder, parseHeaders, type StreamMessage } from '../../../src/core/engine/eventStream';
import { frames } from './support/streamServer';

/** What a message says, with a chunk's parts joined (the parts' boundaries depend on the split). */
type Said = { kind: 'chunk'; text: string } | Exclude<StreamMessage, { kind: 'chunk' }>;

/** Decodes the stream pushed in the pieces the cuts make and returns every message. */
function decode(stream: Buffer, cuts: number[]): Said[] {
  const decoder = new EventStreamDecoder();
  const out: Said[] = [];
  const bounds = [0, ...cuts, stream.length];
  for (let index = 1; index < bounds.length; index++) {
    for (const message of decoder.push(stream.subarray(bounds[index - 1], bounds[index]))) {
      if (message.kind !== 'chunk') out.push(message);
      else {
        const joined = Buffer.concat(message.parts);
        assert.equal(joined.byteLength, message.byteLength, 'byteLength is the sum of the parts');
        out.push({ kind: 'chunk', text: joined.toString('utf8') });
      }
    }
  }
  decoder.finish();
  return out;
}

describe('core/eventStream', () => {
  const parts = [frames.chunk('one'), frames.chunk(''), frames.chunk('three'), frames.complete({ ErrorCode: 'E' })];
  const stream = Buffer.concat(parts);
  const expected: Said[] = [
    { kind: 'chunk', text: 'one' },
    { kind: 'chunk', text: '' },
    { kind: 'chunk', text: 'three' },
    { kind: 'complete', errorCode: 'E', errorDetails: undefined, logResult: undefined },
  ];

  it('decodes any split of the body the same, a payload inside one buffer as a view of it', () => {
    const whole = new EventStreamDecoder();
    const [first] = whole.push(stream);
    assert.ok(first.kind === 'chunk' && first.parts.length === 1);
    assert.equal(first.parts[0].buffer, stream.buffer, 'a payload inside one buffer is a view, not a copy');
    for (let cut = 1; cut < stream.length; cut += 3) {
      for (const second of [cut + 1, cut + 7, stream.length - 1]) {
        if (second <= cut || second >= stream.length) continue;
        assert.deepEqual(decode(stream, [cut, second]), expected, `cuts ${cut}, ${second}`);
      }
    }
    const bytewise = Array.from({ length: stream.length - 1 }, (_, index) => index + 1);
    assert.deepEqual(decode(stream, bytewise), expected);
  });

  it('hands a payload split across buffers on as views of those buffers, never copied', () => {
    const frame = Buffer.from(frames.chunk('x'.repeat(1000)));
    const pieces = [frame.subarray(0, 300), frame.subarray(300, 700), frame.subarray(700)];
    const decoder = new EventStreamDecoder();
    const messages = pieces.flatMap((piece) => decoder.push(piece));
    assert.equal(messages.length, 1);
    const [chunk] = messages;
    assert.ok(chunk.kind === 'chunk');
    assert.equal(chunk.byteLength, 1000);
    assert.equal(chunk.parts.length, 3);
    for (const part of chunk.parts) assert.equal(part.buffer, frame.buffer, 'each part is a view of the body');
  });

  it('throws the SDK message for a frame cut off at the end, including inside its length prefix', () => {
    assert.throws(
      () => decode(stream.subarray(0, stream.length - 3), []),
      /^Error: Truncated event message received\.$/,
    );
    assert.throws(() => decode(Buffer.concat([parts[0], Buffer.from([0, 0])]), []), /Truncated event message received/);
  });

  it('rejects a body that is not an event stream without allocating its claimed length', () => {
    assert.throws(() => decode(Buffer.from('{"Message":"not a stream"}'), []), /not plausible/);
  });

  it('checks both CRCs wherever the buffers are cut, with the SDK messages', () => {
    const corrupt = Buffer.from(frames.corrupt(frames.chunk('payload')));
    for (const cut of [1, 10, 13, corrupt.length - 2]) {
      assert.throws(() => decode(corrupt, [cut]), /^Error: The message checksum \(\d+\) did not match the expected/);
    }
    const badPrelude = Buffer.from(frames.chunk('payload'));
    badPrelude[9] ^= 0xff;
    assert.throws(() => decode(badPrelude, [5]), /The prelude checksum specified in the message/);
  });

  it('interprets frames as the SDK does', () => {
    assert.deepEqual(
      decode(Buffer.from(frames.complete({ ErrorCode: 'E', ErrorDetails: 'd', LogResult: 'TA==' })), []),
      [{ kind: 'complete', errorCode: 'E', errorDetails: 'd', logResult: 'TA==' }],
    );
    assert.deepEqual(decode(Buffer.from(frames.unknownEvent()), []), []);
    assert.throws(
      () => decode(Buffer.from(frames.exception('ServiceException', '{"Message":"m"}')), [20]),
      (error: Error) => error.name === 'ServiceException' && error.message === '{"Message":"m"}',
    );
    assert.throws(
      () => decode(Buffer.from(frames.error('Code', 'message')), []),
      (error: Error) => error.name === 'Code' && error.message === 'message',
    );
  });

  it('reads the headers of every value type as the SDK codec writes them', () => {
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const headers: MessageHeaders = {
      flagOn: { type: 'boolean', value: true },
      flagOff: { type: 'boolean', value: false },
      byte: { type: 'byte', value: 7 },
      short: { type: 'short', value: 300 },
      integer: { type: 'integer', value: 70000 },
      long: { type: 'long', value: Int64.fromNumber(5_000_000_000) },
      binary: { type: 'binary', value: new Uint8Array([1, 2, 3]) },
      ':message-type': { type: 'string', value: 'event' },
      time: { type: 'timestamp', value: new Date(0) },
      id: { type: 'uuid', value: '00112233-4455-6677-8899-aabbccddeeff' },
      ':event-type': { type: 'string', value: 'PayloadChunk' },
      ':error-message': { type: 'string', value: 'é ✓' },
    };
    const block = Buffer.from(codec.formatHeaders(headers));
    assert.deepEqual(parseHeaders(block, 0, block.length), {
      messageType: 'event',
      eventType: 'PayloadChunk',
      errorMessage: 'é ✓',
    });
    assert.throws(() => parseHeaders(block, 0, block.length - 3), /truncated/);
    const framed = Buffer.from(codec.encode({ headers, body: Buffer.from('data') }));
    assert.deepEqual(decode(framed, [3, 40, 90]), [{ kind: 'chunk', text: 'data' }]);
  });
});
