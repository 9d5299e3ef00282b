/**
 * Streaming UTF-8 decoding of a function's output with binary detection. A character split across chunks is held
 * back (at most 3 bytes) and appears whole in the next chunk's text. The output counts as binary from the first
 * chunk that holds a NUL byte or invalid UTF-8, or from the start when the content type says so; from then on no
 * text is produced. An output that ends inside a character (its last bytes are the valid start of one, e.g. a
 * function cut off mid-write) decodes those bytes as one U+FFFD at the end, as `TextDecoder` does at the end of a
 * stream; bytes that could never start a character are invalid UTF-8 and make the output binary, as anywhere else.
 *
 * Why not `TextDecoder` with `{stream: true}`: on Node 20 its streaming mode runs through ICU and costs ~57 µs per
 * 64 KiB of ASCII, against ~4 µs for `buffer.isAscii` + a latin1 `Buffer#toString` (ASCII) or `isUtf8` + a utf8
 * `toString` (other text), with the boundary handled here (issue 8; `npm run bench`).
 */
import { isAscii, isUtf8 } from 'node:buffer';

/** Content types whose bodies are text whatever their bytes look like (binary detection still applies). */
const TEXT_TYPES =
  /^(text\/|application\/(json|x-ndjson|ndjson|jsonl|javascript|xml|yaml|x-yaml|graphql|x-www-form-urlencoded)\b|[^;]*\+(json|xml)\b)/i;
/** Content types that are binary by definition. */
const BINARY_TYPES = new RegExp(
  '^(image/(?!svg)|audio/|video/|font/|application/(zip|gzip|x-gzip|x-tar|pdf|wasm|x-protobuf|protobuf|' +
    'vnd\\.apache\\.parquet|x-7z-compressed|x-bzip2|msgpack|x-msgpack|cbor))',
  'i',
);

/** Classifies a content type: `text`, `binary`, or `unknown` (decide from the bytes, e.g. `application/octet-stream`). */
export function contentTypeKind(contentType: string | undefined): 'text' | 'binary' | 'unknown' {
  if (!contentType) return 'unknown';
  const type = contentType.trim();
  if (BINARY_TYPES.test(type)) return 'binary';
  if (TEXT_TYPES.test(type)) return 'text';
  return 'unknown';
}

/** A chunk's text, or the function that makes it (see `Utf8StreamDecoder.decodeDeferred`). */
export type DeferredText = string | (() => string);

/**
 * Chunks from this size on get their text made on demand, when a sink first reads it; smaller ones at once. A string
 * this large lives in V8's large-object space, which only a full mark-compact frees, so unread ones are pure cost
 * (measured: 1 MiB chunks into a null sink went from 241–281 ms to 162–211 ms per 100 MiB). Smaller strings die young,
 * and deferring them does not pay, though making them is a copy (28 ms per 100 MiB of 64 KiB chunks): without them
 * the engine allocates almost nothing but the socket's buffers, V8 then collects the young generation only on
 * external-memory pressure and falls back to mark-compacts (measured through the SDK's request path with
 * `--trace-gc`: 64 KiB chunks, 12–16 mark-compacts and 249–275 ms of CPU per 100 MiB deferred, 1 and 154–157 ms
 * eager; a plain `http.request` read of the same stream does not show it).
 */
const DEFER_FROM_BYTES = 128 * 1024;

/** Decodes successive chunks; create one per invocation. */
export class Utf8StreamDecoder {
  private carry: Buffer | undefined;
  private binaryDetected: boolean;

  /** @param binary start in binary mode (e.g. the content type is `image/png`) */
  constructor(binary = false) {
    this.binaryDetected = binary;
  }

  /** True once the output has been found to be binary. */
  get binary(): boolean {
    return this.binaryDetected;
  }

  /**
   * The text of this chunk, or undefined when the output is (now) binary. Characters cut at the end are carried
   * into the next call.
   */
  decode(bytes: Uint8Array): string | undefined {
    const text = this.decodeDeferred(bytes);
    return typeof text === 'function' ? text() : text;
  }

  /**
   * As `decode`, but the string of a large chunk is only made when the returned function is called: the bytes are
   * checked now (binary detection, the carried character) and the text can be made later, or never by a sink that
   * only wants the bytes (see `DEFER_FROM_BYTES` for the size this applies from, and why).
   */
  decodeDeferred(bytes: Uint8Array, defer = bytes.byteLength >= DEFER_FROM_BYTES): DeferredText | undefined {
    if (this.binaryDetected) return undefined;
    let chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (chunk.indexOf(0) !== -1) return this.markBinary();
    let head = '';
    if (this.carry) {
      const needed = sequenceLength(this.carry[0]) - this.carry.length;
      const taken = Math.min(needed, chunk.length);
      const joined = Buffer.concat([this.carry, chunk.subarray(0, taken)]);
      chunk = chunk.subarray(taken);
      if (taken < needed) {
        this.carry = joined;
        return '';
      }
      this.carry = undefined;
      if (!isUtf8(joined)) return this.markBinary();
      head = joined.toString('utf8');
    }
    const end = completeBoundary(chunk);
    if (end < chunk.length) this.carry = Buffer.from(chunk.subarray(end));
    if (end === 0) return head;
    const complete = chunk.subarray(0, end);
    // ASCII (most text output) decodes several times faster as latin1, which is identical for those bytes.
    let encoding: 'latin1' | 'utf8';
    if (isAscii(complete)) encoding = 'latin1';
    else if (isUtf8(complete)) encoding = 'utf8';
    else return this.markBinary();
    if (!defer) return head + complete.toString(encoding);
    return () => head + complete.toString(encoding);
  }

  /**
   * As `decodeDeferred` for one chunk that arrived in several parts (views of consecutive socket buffers): the parts
   * are checked in order, a character cut between two parts is carried like one cut between two chunks, and the
   * chunk's text is made from the parts in place when read (never joined first). The text is deferred when the
   * whole chunk is at least `DEFER_FROM_BYTES`.
   */
  decodeParts(parts: readonly Uint8Array[], byteLength: number): DeferredText | undefined {
    if (parts.length === 1) return this.decodeDeferred(parts[0], byteLength >= DEFER_FROM_BYTES);
    const texts: DeferredText[] = [];
    const defer = byteLength >= DEFER_FROM_BYTES;
    for (const part of parts) {
      const text = this.decodeDeferred(part, defer);
      if (text === undefined) return undefined;
      texts.push(text);
    }
    const make = (): string => {
      let whole = '';
      for (const text of texts) whole += typeof text === 'function' ? text() : text;
      return whole;
    };
    return defer ? make : make();
  }

  /** Treats the rest of the output as binary (e.g. the HTTP prelude announced an image). */
  forceBinary(): void {
    this.markBinary();
  }

  /**
   * The output ended: the text of a character still incomplete, which is U+FFFD (`''` when nothing was pending), or
   * undefined when the pending bytes are invalid UTF-8 and the output is now binary (or already was).
   */
  end(): string | undefined {
    if (this.binaryDetected) return undefined;
    const carry = this.carry;
    this.carry = undefined;
    if (!carry) return '';
    return isTruncatedSequence(carry) ? '\uFFFD' : this.markBinary();
  }

  private markBinary(): undefined {
    this.binaryDetected = true;
    this.carry = undefined;
    return undefined;
  }
}

/** Length of the UTF-8 sequence a lead byte starts (1 for an invalid lead, so validation rejects it). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  return 1;
}

/**
 * True when the bytes are the start of a valid UTF-8 sequence that was cut off: a lead byte and the continuation
 * bytes allowed after it (the second byte's range depends on the lead, which rules out overlong forms and surrogates).
 */
function isTruncatedSequence(bytes: Buffer): boolean {
  const lead = bytes[0];
  if (bytes.length >= sequenceLength(lead)) return false;
  const [low, high] =
    lead === 0xe0
      ? [0xa0, 0xbf]
      : lead === 0xed
        ? [0x80, 0x9f]
        : lead === 0xf0
          ? [0x90, 0xbf]
          : lead === 0xf4
            ? [0x80, 0x8f]
            : [0x80, 0xbf];
  if (bytes.length > 1 && (bytes[1] < low || bytes[1] > high)) return false;
  for (let i = 2; i < bytes.length; i++) if ((bytes[i] & 0xc0) !== 0x80) return false;
  return true;
}

/** Index just after the last complete character: a trailing sequence that is cut off is excluded. */
function completeBoundary(bytes: Buffer): number {
  const length = bytes.length;
  const stop = Math.max(0, length - 4);
  for (let i = length - 1; i >= stop; i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (byte < 0x80) return length;
    return i + sequenceLength(byte) > length ? i : length;
  }
  return length;
}
