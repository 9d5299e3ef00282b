/**
 * Lambda's `application/vnd.amazon.eventstream` body, decoded straight from the raw HTTP body (the direct path).
 * Frames are cut out of the socket's buffers without copying when a frame lies inside one buffer, and assembled in
 * one exact-size buffer when it spans several; `@smithy/eventstream-codec` checks both CRCs (natively, via zlib)
 * and parses the headers. Exception and error frames are thrown exactly as the SDK throws them, so both decoding
 * paths fail the same way.
 */
import type { EventStreamCodec } from '@smithy/eventstream-codec';
import { loadEventStreamCodec } from '../aws/sdk';

/** One decoded message the engine cares about. */
export type StreamMessage =
  | { readonly kind: 'chunk'; readonly payload: Uint8Array }
  | {
      readonly kind: 'complete';
      readonly errorCode?: string;
      readonly errorDetails?: string;
      readonly logResult?: string;
    };

/** Frames larger than this are not plausible (other AWS decoders cap a message at 16 MiB). */
const MAX_FRAME_BYTES = 24 * 1024 * 1024;
/** Prelude (8) + prelude CRC (4) + message CRC (4). */
const MIN_FRAME_BYTES = 16;

const toUtf8 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
const fromUtf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

let codec: EventStreamCodec | undefined;

/** The shared codec instance (stateless for `decode`). */
export async function getEventStreamCodec(): Promise<EventStreamCodec> {
  if (!codec) {
    const { EventStreamCodec } = await loadEventStreamCodec();
    codec = new EventStreamCodec(toUtf8, fromUtf8);
  }
  return codec;
}

/**
 * Splits a byte stream into whole event-stream frames. Feed buffers with `push`, take frames with `next` until it
 * returns undefined, and call `finish` at the end of the body (it throws if a frame was cut off).
 */
export class FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;
  private partial: Buffer | undefined;
  private partialFilled = 0;
  private readonly lengthPrefix = new Uint8Array(4);
  private lengthFilled = 0;

  /** Adds the next buffer from the body; the previous one must have been drained with `next`. */
  push(bytes: Uint8Array): void {
    this.buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = 0;
  }

  /** The next whole frame, or undefined when more bytes are needed. */
  next(): Uint8Array | undefined {
    const buffer = this.buffer;
    while (this.offset < buffer.byteLength) {
      if (this.partial) {
        const take = Math.min(this.partial.byteLength - this.partialFilled, buffer.byteLength - this.offset);
        buffer.copy(this.partial, this.partialFilled, this.offset, this.offset + take);
        this.partialFilled += take;
        this.offset += take;
        if (this.partialFilled < this.partial.byteLength) return undefined;
        const frame = this.partial;
        this.partial = undefined;
        return frame;
      }
      const available = buffer.byteLength - this.offset;
      if (this.lengthFilled === 0 && available >= 4) {
        const length = readLength(buffer, this.offset);
        if (available >= length) {
          const frame = buffer.subarray(this.offset, this.offset + length);
          this.offset += length;
          return frame;
        }
        this.startPartial(length);
        continue;
      }
      const take = Math.min(4 - this.lengthFilled, available);
      this.lengthPrefix.set(buffer.subarray(this.offset, this.offset + take), this.lengthFilled);
      this.lengthFilled += take;
      this.offset += take;
      if (this.lengthFilled === 4) {
        this.lengthFilled = 0;
        this.startPartial(readLength(this.lengthPrefix, 0)).set(this.lengthPrefix, 0);
        this.partialFilled = 4;
      }
    }
    return undefined;
  }

  /** The body ended: throws the SDK's error if a frame is incomplete. */
  finish(): void {
    if (this.partial || this.lengthFilled > 0) throw new Error('Truncated event message received.');
  }

  private startPartial(length: number): Buffer {
    this.partial = Buffer.allocUnsafe(length);
    this.partialFilled = 0;
    return this.partial;
  }
}

function readLength(bytes: Uint8Array, at: number): number {
  const length = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  if (length < MIN_FRAME_BYTES || length > MAX_FRAME_BYTES) {
    throw new Error(`Event stream frame length ${length} is not plausible; the response is not a valid event stream.`);
  }
  return length;
}

/**
 * Turns one whole frame into a message, or undefined for an event type Lambda may add later (the SDK skips those).
 * Throws for `exception` and `error` frames the way the SDK does: an `Error` named after the exception type or error
 * code, with the frame's text as its message.
 */
export function interpretFrame(frameCodec: EventStreamCodec, frame: Uint8Array): StreamMessage | undefined {
  const { headers, body } = frameCodec.decode(frame);
  const messageType = headers[':message-type']?.value;
  if (messageType === 'event') {
    const eventType = headers[':event-type']?.value;
    if (eventType === 'PayloadChunk') return { kind: 'chunk', payload: body };
    if (eventType === 'InvokeComplete') return parseInvokeComplete(body);
    return undefined;
  }
  if (messageType === 'exception') {
    throw namedError(String(headers[':exception-type']?.value ?? 'UnknownException'), toUtf8(body));
  }
  if (messageType === 'error') {
    const message = headers[':error-message']?.value;
    throw namedError(
      String(headers[':error-code']?.value ?? 'UnknownError'),
      message ? String(message) : 'UnknownError',
    );
  }
  throw new Error(`Unrecognizable event type: ${String(headers[':event-type']?.value)}`);
}

/** Parses an InvokeComplete payload: `{}` or empty means success. */
export function parseInvokeComplete(body: Uint8Array): StreamMessage {
  if (body.byteLength === 0) return { kind: 'complete' };
  const parsed = JSON.parse(toUtf8(body)) as Record<string, unknown>;
  return {
    kind: 'complete',
    errorCode: typeof parsed.ErrorCode === 'string' ? parsed.ErrorCode : undefined,
    errorDetails: typeof parsed.ErrorDetails === 'string' ? parsed.ErrorDetails : undefined,
    logResult: typeof parsed.LogResult === 'string' ? parsed.LogResult : undefined,
  };
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
