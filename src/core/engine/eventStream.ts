/**
 * Lambda's `application/vnd.amazon.eventstream` body, decoded straight from the raw HTTP body (the direct path) in
 * one pass over the socket's buffers: the prelude, the headers and the payload of each frame are read where they
 * lie, both CRCs are computed as the bytes go by (`zlib.crc32`, continued across buffers), and a payload is handed
 * on as the views of the buffers it lies in: no frame is assembled or copied, so a 64 KiB frame spread over two
 * socket reads costs what one inside a single read costs. Only a prelude or a header block cut by a buffer edge
 * (a few dozen bytes) is gathered in a small buffer of its own.
 *
 * Exception and error frames are thrown exactly as the SDK throws them, so both decoding paths fail the same way.
 * The encoder side (Local, tests, benchmarks) stays `@smithy/eventstream-codec`, which the tests check this against.
 */
import { crc32 } from 'node:zlib';

/** One decoded message the engine cares about. */
export type StreamMessage =
  | {
      readonly kind: 'chunk';
      /** The payload as views of the buffers it arrived in, in order (one view when it lay in one buffer). */
      readonly parts: readonly Buffer[];
      /** Payload bytes in all parts. */
      readonly byteLength: number;
    }
  | {
      readonly kind: 'complete';
      readonly errorCode?: string;
      readonly errorDetails?: string;
      readonly logResult?: string;
    };

/** Frames larger than this are not plausible (other AWS decoders cap a message at 16 MiB). */
const MAX_FRAME_BYTES = 24 * 1024 * 1024;
/** Total length (4), headers length (4), prelude CRC (4). */
const PRELUDE_BYTES = 12;
/** Prelude + message CRC (4). */
const MIN_FRAME_BYTES = 16;

/** Where the decoder is inside the current frame. */
const enum Stage {
  Prelude,
  Headers,
  Payload,
  MessageCrc,
}

/** The headers a Lambda frame is told apart by; other headers are skipped. */
interface FrameHeaders {
  messageType?: string;
  eventType?: string;
  exceptionType?: string;
  errorCode?: string;
  errorMessage?: string;
}

const EMPTY: readonly Buffer[] = [];
/** What `parts` holds between frames; a frame with a payload that spans buffers gets an array of its own. */
const NO_PARTS: Buffer[] = [];

/**
 * Decodes a body pushed buffer by buffer into whole messages. `push` returns the messages completed by that buffer
 * (often none, often several) and throws the SDK's errors for a broken stream; `finish` at the end of the body
 * throws when a frame was cut off.
 */
export class EventStreamDecoder {
  private stage = Stage.Prelude;
  /** Bytes still wanted for the current stage. */
  private wanted = PRELUDE_BYTES;
  /** A prelude, header block or message CRC cut by a buffer edge, gathered here (grown on demand). */
  private gather = Buffer.allocUnsafe(256);
  private gathered = 0;
  private headersLength = 0;
  /** CRC of the frame so far (everything but its last 4 bytes). */
  private crc = 0;
  private headers: FrameHeaders = {};
  private parts: Buffer[] = NO_PARTS;
  private payloadLength = 0;
  /** A broken frame found after good ones, thrown by the next call. */
  private failure: unknown;

  /**
   * Decodes `buffer` (which the decoder may keep views of) and returns the messages it completed. A broken frame
   * after good ones in the same buffer is thrown by the next call (`push` or `finish`), so the good ones before it
   * are delivered first, as the SDK delivers them.
   */
  push(buffer: Buffer): StreamMessage[] {
    this.throwFailure();
    const messages: StreamMessage[] = [];
    try {
      this.decode(buffer, messages);
    } catch (error) {
      if (messages.length === 0) throw error;
      this.failure = error;
    }
    return messages;
  }

  /** The body ended: throws the SDK's error if a frame is incomplete (or a broken frame is still to be thrown). */
  finish(): void {
    this.throwFailure();
    if (this.stage !== Stage.Prelude || this.gathered > 0) throw new Error('Truncated event message received.');
  }

  private throwFailure(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private decode(buffer: Buffer, messages: StreamMessage[]): void {
    const end = buffer.byteLength;
    let at = 0;
    while (at < end) {
      const available = end - at;
      switch (this.stage) {
        case Stage.Prelude:
          if (this.gathered === 0 && available >= PRELUDE_BYTES) {
            const frameLength = this.prelude(buffer, at);
            if (available >= frameLength) {
              // The whole frame is here (most small frames): one CRC call over the rest of it, no stages.
              this.wholeFrame(buffer, at, frameLength, messages);
              at += frameLength;
            } else {
              this.startFrame(buffer, at);
              at += PRELUDE_BYTES;
            }
          } else {
            at += this.gatherFrom(buffer, at, available);
            if (this.wanted === 0) {
              this.prelude(this.gather, 0);
              this.startFrame(this.gather, 0);
            }
          }
          break;
        case Stage.Headers:
          if (this.gathered === 0 && available >= this.wanted) {
            this.readHeaders(buffer, at);
            at += this.headersLength;
          } else {
            at += this.gatherFrom(buffer, at, available);
            if (this.wanted === 0) this.readHeaders(this.gather, 0);
          }
          break;
        case Stage.Payload: {
          const take = Math.min(this.wanted, available);
          const part = at === 0 && take === end ? buffer : buffer.subarray(at, at + take);
          this.crc = crc32(part, this.crc);
          this.parts.push(part);
          this.wanted -= take;
          at += take;
          if (this.wanted === 0) this.startMessageCrc();
          break;
        }
        case Stage.MessageCrc:
          if (this.gathered === 0 && available >= 4) {
            this.endFrame(buffer.readUInt32BE(at), messages);
            at += 4;
          } else {
            at += this.gatherFrom(buffer, at, available);
            if (this.wanted === 0) this.endFrame(this.gather.readUInt32BE(0), messages);
          }
          break;
      }
    }
  }

  /** Copies up to `wanted` bytes into `gather`; returns how many it took. */
  private gatherFrom(buffer: Buffer, at: number, available: number): number {
    const take = Math.min(this.wanted, available);
    if (this.gathered + take > this.gather.byteLength) {
      const grown = Buffer.allocUnsafe(Math.max(this.gathered + this.wanted, this.gather.byteLength * 2));
      this.gather.copy(grown, 0, 0, this.gathered);
      this.gather = grown;
    }
    buffer.copy(this.gather, this.gathered, at, at + take);
    this.gathered += take;
    this.wanted -= take;
    return take;
  }

  /** Checks the prelude at `at` (lengths and CRC) and returns the frame's length. */
  private prelude(bytes: Buffer, at: number): number {
    const frameLength = bytes.readUInt32BE(at);
    if (frameLength < MIN_FRAME_BYTES || frameLength > MAX_FRAME_BYTES) {
      throw new Error(
        `Event stream frame length ${frameLength} is not plausible; the response is not a valid event stream.`,
      );
    }
    const headersLength = bytes.readUInt32BE(at + 4);
    const expected = bytes.readUInt32BE(at + 8);
    const preludeCrc = crc32(bytes.subarray(at, at + 8)) >>> 0;
    if (preludeCrc !== expected) {
      throw new Error(
        `The prelude checksum specified in the message (${expected}) does not match the calculated CRC32 checksum (${preludeCrc})`,
      );
    }
    if (headersLength > frameLength - MIN_FRAME_BYTES) {
      throw new Error('Reported message length does not match received message length');
    }
    this.headersLength = headersLength;
    this.payloadLength = frameLength - headersLength - MIN_FRAME_BYTES;
    this.crc = preludeCrc;
    return frameLength;
  }

  /** Decodes a frame that lies whole in `bytes` from `at`, its prelude already checked. */
  private wholeFrame(bytes: Buffer, at: number, frameLength: number, messages: StreamMessage[]): void {
    const end = at + frameLength - 4;
    this.crc = crc32(bytes.subarray(at + 8, end), this.crc);
    const headersAt = at + PRELUDE_BYTES;
    const payloadAt = headersAt + this.headersLength;
    this.headers = this.headersLength > 0 ? parseHeaders(bytes, headersAt, payloadAt) : {};
    this.parts = this.payloadLength > 0 ? [bytes.subarray(payloadAt, end)] : NO_PARTS;
    this.endFrame(bytes.readUInt32BE(end), messages);
  }

  /** Starts a frame that continues past `bytes`: the CRC goes on over the prelude's own CRC, then stage by stage. */
  private startFrame(bytes: Buffer, at: number): void {
    this.crc = crc32(bytes.subarray(at + 8, at + PRELUDE_BYTES), this.crc);
    this.gathered = 0;
    this.headers = {};
    this.parts = [];
    if (this.headersLength > 0) this.enter(Stage.Headers, this.headersLength);
    else this.startPayload();
  }

  private readHeaders(bytes: Buffer, at: number): void {
    const block = bytes.subarray(at, at + this.headersLength);
    this.crc = crc32(block, this.crc);
    this.headers = parseHeaders(block, 0, block.byteLength);
    this.gathered = 0;
    this.startPayload();
  }

  private startPayload(): void {
    if (this.payloadLength > 0) this.enter(Stage.Payload, this.payloadLength);
    else this.startMessageCrc();
  }

  private startMessageCrc(): void {
    this.enter(Stage.MessageCrc, 4);
  }

  private enter(stage: Stage, wanted: number): void {
    this.stage = stage;
    this.wanted = wanted;
  }

  private endFrame(expected: number, messages: StreamMessage[]): void {
    const actual = this.crc >>> 0;
    if (actual !== expected) {
      throw new Error(`The message checksum (${actual}) did not match the expected value of ${expected}`);
    }
    const message = interpretMessage(this.headers, this.parts, this.payloadLength);
    if (message) messages.push(message);
    this.parts = NO_PARTS;
    this.gathered = 0;
    this.enter(Stage.Prelude, PRELUDE_BYTES);
  }
}

/**
 * Turns one whole frame's headers and payload into a message, or undefined for an event type Lambda may add later
 * (the SDK skips those). Throws for `exception` and `error` frames the way the SDK does: an `Error` named after the
 * exception type or error code, with the frame's text as its message.
 */
function interpretMessage(
  headers: FrameHeaders,
  parts: readonly Buffer[],
  byteLength: number,
): StreamMessage | undefined {
  if (headers.messageType === 'event') {
    if (headers.eventType === 'PayloadChunk') {
      return { kind: 'chunk', parts: byteLength ? parts : EMPTY, byteLength };
    }
    if (headers.eventType === 'InvokeComplete') return parseInvokeComplete(join(parts, byteLength));
    return undefined;
  }
  if (headers.messageType === 'exception') {
    throw namedError(headers.exceptionType ?? 'UnknownException', join(parts, byteLength).toString('utf8'));
  }
  if (headers.messageType === 'error') {
    throw namedError(headers.errorCode ?? 'UnknownError', headers.errorMessage || 'UnknownError');
  }
  throw new Error(`Unrecognizable event type: ${headers.eventType}`);
}

/** Value sizes of the fixed-size header types (0 true, 1 false, 2 byte, 3 short, 4 integer, 5 long, 8 timestamp, 9 uuid). */
const FIXED_VALUE_BYTES = [0, 0, 1, 2, 4, 8, -1, -1, 8, 16];
const BYTE_ARRAY = 6;
const STRING = 7;

/** The header names a Lambda frame is told apart by, and the field each fills. */
const KNOWN_NAMES: ReadonlyArray<[Buffer, keyof FrameHeaders]> = [
  [Buffer.from(':message-type'), 'messageType'],
  [Buffer.from(':event-type'), 'eventType'],
  [Buffer.from(':exception-type'), 'exceptionType'],
  [Buffer.from(':error-code'), 'errorCode'],
  [Buffer.from(':error-message'), 'errorMessage'],
];
/** Values every chunk frame repeats, matched as bytes so that no string is made for them. */
const COMMON_VALUES = ['event', 'PayloadChunk', 'InvokeComplete'].map((value) => [Buffer.from(value), value] as const);

/**
 * Reads the event-stream header block `block[start, end)`: the string headers a Lambda frame is told apart by, every other header (of
 * any of the ten types) skipped. Names and the usual values are compared as bytes (a stream of 100,000 small chunks
 * would otherwise make six strings a frame). Throws for a block that does not parse.
 */
export function parseHeaders(block: Buffer, start: number, end: number): FrameHeaders {
  const headers: FrameHeaders = {};
  let at = start;
  while (at < end) {
    const nameLength = block[at++];
    if (at + nameLength + 1 > end) throw new Error('Header block is truncated.');
    const field = knownField(block, at, nameLength);
    at += nameLength;
    const type = block[at++];
    if (type === STRING || type === BYTE_ARRAY) {
      if (at + 2 > end) throw new Error('Header block is truncated.');
      const length = block.readUInt16BE(at);
      at += 2;
      if (at + length > end) throw new Error('Header block is truncated.');
      if (type === STRING && field !== undefined) headers[field] = stringValue(block, at, length);
      at += length;
    } else {
      const size = FIXED_VALUE_BYTES[type];
      if (size === undefined || size < 0) throw new Error(`Unrecognized header type tag: ${type}`);
      if (at + size > end) throw new Error('Header block is truncated.');
      at += size;
    }
  }
  return headers;
}

function knownField(block: Buffer, at: number, length: number): keyof FrameHeaders | undefined {
  for (const [name, field] of KNOWN_NAMES) {
    if (sameBytes(name, block, at, length)) return field;
  }
  return undefined;
}

/** True when `block[at, at + length)` holds exactly `expected` (a plain loop: a native compare costs more for a dozen bytes). */
function sameBytes(expected: Buffer, block: Buffer, at: number, length: number): boolean {
  if (expected.byteLength !== length) return false;
  for (let index = 0; index < length; index++) if (block[at + index] !== expected[index]) return false;
  return true;
}

function stringValue(block: Buffer, at: number, length: number): string {
  for (const [bytes, value] of COMMON_VALUES) {
    if (sameBytes(bytes, block, at, length)) return value;
  }
  return block.toString('utf8', at, at + length);
}

/** The parts as one buffer (copied only when there are several). */
export function join(parts: readonly Uint8Array[], byteLength: number): Buffer {
  if (parts.length === 1) {
    const only = parts[0];
    return Buffer.isBuffer(only) ? only : Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  }
  return Buffer.concat(parts, byteLength);
}

/** Parses an InvokeComplete payload: `{}` or empty means success. */
export function parseInvokeComplete(body: Uint8Array): StreamMessage {
  if (body.byteLength === 0) return { kind: 'complete' };
  const parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as Record<
    string,
    unknown
  >;
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
