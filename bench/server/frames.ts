/**
 * The event streams every contender reads, encoded once with `@smithy/eventstream-codec` (the encoder the Local
 * endpoint uses) before any run: the server then only writes slices of one Buffer, so its own cost is the same for
 * every contender and never shows up as a difference between them.
 *
 * The payloads are ASCII CSV text, different in every chunk: text is what streamed functions mostly send (and what
 * the engine's UTF-8 decoding works on), and differing chunks keep any accidental caching honest.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** A stream to serve: `chunks` PayloadChunk events of `chunkBytes` each, then InvokeComplete. */
export interface StreamShape {
  readonly chunkBytes: number;
  readonly chunks: number;
}

/** A pre-encoded stream and the slices it is written in. */
export interface EncodedStream {
  readonly shape: StreamShape;
  /** The whole HTTP body. */
  readonly body: Buffer;
  /** Frame-aligned views of `body`, each at least {@link WRITE_BYTES} (or one frame, when frames are larger). */
  readonly writes: readonly Buffer[];
  /** Bytes of one PayloadChunk frame (all frames of a shape have the same size). */
  readonly frameBytes: number;
}

/** A busy producer's socket coalesces small frames; the server writes at least this much at a time. */
export const WRITE_BYTES = 64 * 1024;

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One PayloadChunk or InvokeComplete frame, as Lambda sends it. */
export function encodeEvent(eventType: 'PayloadChunk' | 'InvokeComplete', body: Uint8Array): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': {
        type: 'string',
        value: eventType === 'PayloadChunk' ? 'application/octet-stream' : 'application/json',
      },
      ':message-type': { type: 'string', value: 'event' },
    },
    body,
  });
}

/** The successful end of every stream. */
export const COMPLETE_FRAME = encodeEvent('InvokeComplete', fromUtf8('{}'));

let textSource: Buffer | undefined;

/** 4 MiB of CSV rows that payloads are cut from, built once. */
function csvText(): Buffer {
  if (textSource) return textSource;
  const rows: string[] = [];
  let length = 0;
  for (let row = 1; length < 4 * 1024 * 1024 + 2 * 1024 * 1024; row++) {
    const line = `${row},${['eu-west-1', 'us-east-1', 'ap-south-1'][row % 3]},product-${row % 97},${row % 50},${((row * 13.37) % 1000).toFixed(2)}\n`;
    rows.push(line);
    length += line.length;
  }
  textSource = Buffer.from(rows.join(''), 'latin1');
  return textSource;
}

/** Encodes a whole stream into one Buffer, with its write slices. */
export function encodeStream(shape: StreamShape): EncodedStream {
  const text = csvText();
  const span = text.length - shape.chunkBytes;
  if (span <= 0) throw new Error(`chunks of ${shape.chunkBytes} bytes are larger than the text source`);
  const frames: Uint8Array[] = [];
  for (let index = 0; index < shape.chunks; index++) {
    const start = (index * 7919 * 16) % span;
    frames.push(encodeEvent('PayloadChunk', text.subarray(start, start + shape.chunkBytes)));
  }
  const frameBytes = frames[0]?.byteLength ?? 0;
  frames.push(COMPLETE_FRAME);
  const body = Buffer.concat(frames);
  return { shape, body, writes: frameAlignedSlices(body, frames), frameBytes };
}

function frameAlignedSlices(body: Buffer, frames: readonly Uint8Array[]): Buffer[] {
  const writes: Buffer[] = [];
  let start = 0;
  let end = 0;
  for (const frame of frames) {
    end += frame.byteLength;
    if (end - start >= WRITE_BYTES) {
      writes.push(body.subarray(start, end));
      start = end;
    }
  }
  if (end > start) writes.push(body.subarray(start, end));
  return writes;
}
