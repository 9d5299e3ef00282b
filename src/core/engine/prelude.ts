/**
 * Function-URL HTTP prelude detection. `awslambda.HttpResponseStream.from(stream, metadata)` makes the runtime write
 * `JSON.stringify(metadata)` and 8 NUL bytes before the body; function URLs strip it, but InvokeWithResponseStream
 * delivers it inside the first PayloadChunk(s), and always with the event-stream content type, so the bytes are the
 * only evidence. The rule: an output that starts with a JSON object followed by exactly 8 NUL bytes starts with a
 * prelude, whatever the object's keys (`{}` and `{"isBase64Encoded":false,…}` are preludes too). The splitter finds
 * it even when it is split across chunks, reports it, and strips it from the output.
 *
 * Nothing is held back longer than needed to apply that rule:
 * - while the leading object is still open, its bytes are held only if they can be metadata: they start with
 *   `{"statusCode"`, `{"headers"` or `{"cookies"` (what the runtime's `JSON.stringify` puts first for the usual
 *   metadata), or the content type is the integration type; any other open object is released at once;
 * - once the object has closed, only the next 8 bytes decide, so a first chunk that is exactly one JSON object waits
 *   for the next bytes (or the end of the output) — a prelude's NUL bytes usually come in the next chunk;
 * - at most {@link MAX_PRELUDE_BYTES} are held.
 */

/** The content type Lambda reports for a handler wrapped with `HttpResponseStream.from`. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
/** A prelude larger than this is not plausible; the bytes are released as output. */
export const MAX_PRELUDE_BYTES = 64 * 1024;

const OPEN_BRACE = 0x7b;
const PRELUDE_STARTS = ['{"statusCode"', '{"headers"', '{"cookies"'].map((text) => Buffer.from(text, 'latin1'));
const NUL_RUN = 8;

/** The parsed prelude. */
export interface HttpPrelude {
  readonly statusCode?: number;
  readonly headers: Record<string, string>;
  readonly cookies: string[];
  readonly raw: string;
}

/** What to do with the bytes seen so far: report a prelude and/or release output bytes. */
export interface PreludeStep {
  readonly prelude?: HttpPrelude;
  readonly output?: Uint8Array;
}

/** Holds the first bytes of an output until it is clear whether they start with a prelude. */
export class HttpPreludeSplitter {
  private held: Buffer = Buffer.alloc(0);
  private heldLength = 0;
  private decided = false;
  private readonly anyOpenObject: boolean;
  private readonly scanner = new JsonObjectScanner();

  /** @param contentType the response content type; the integration type makes any open leading object worth holding */
  constructor(contentType: string | undefined) {
    this.anyOpenObject = (contentType ?? '').toLowerCase().startsWith(HTTP_INTEGRATION_CONTENT_TYPE);
  }

  /** True once the decision is made; later bytes are output as they are and need not pass through here. */
  get done(): boolean {
    return this.decided;
  }

  /** Feeds the next output bytes. */
  push(bytes: Uint8Array): PreludeStep {
    if (this.decided) return { output: bytes };
    if (this.heldLength === 0 && bytes.byteLength > 0 && bytes[0] !== OPEN_BRACE) {
      this.decided = true;
      return { output: bytes };
    }
    this.append(bytes);
    const held = this.held.subarray(0, this.heldLength);
    if (held.length === 0) return {};
    if (held[0] !== OPEN_BRACE) return this.release();
    const end = this.scanner.scan(held);
    if (end === -1) {
      const mayBeMetadata = this.anyOpenObject || PRELUDE_STARTS.some((start) => sharesPrefix(held, start));
      return mayBeMetadata && held.length <= MAX_PRELUDE_BYTES ? {} : this.release();
    }
    if (end > MAX_PRELUDE_BYTES) return this.release();
    const available = Math.min(held.length, end + NUL_RUN);
    for (let i = end; i < available; i++) if (held[i] !== 0) return this.release();
    if (available < end + NUL_RUN) return {};
    const prelude = parsePrelude(held.toString('utf8', 0, end));
    if (!prelude) return this.release();
    this.decided = true;
    this.held = Buffer.alloc(0);
    this.heldLength = 0;
    const rest = held.subarray(end + NUL_RUN);
    return rest.length > 0 ? { prelude, output: rest } : { prelude };
  }

  /** The output ended: releases anything still held. */
  finish(): Uint8Array | undefined {
    if (this.decided) return undefined;
    return this.release().output;
  }

  private release(): PreludeStep {
    this.decided = true;
    const output = this.held.subarray(0, this.heldLength);
    this.held = Buffer.alloc(0);
    this.heldLength = 0;
    return output.length > 0 ? { output } : {};
  }

  /** Appends to the held bytes, growing the buffer geometrically so byte-sized pushes stay linear. */
  private append(bytes: Uint8Array): void {
    const needed = this.heldLength + bytes.byteLength;
    if (needed > this.held.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.held.length * 2, 256));
      this.held.copy(grown, 0, 0, this.heldLength);
      this.held = grown;
    }
    this.held.set(bytes, this.heldLength);
    this.heldLength = needed;
  }
}

function sharesPrefix(bytes: Uint8Array, start: Uint8Array): boolean {
  const length = Math.min(bytes.length, start.length);
  for (let i = 0; i < length; i++) if (bytes[i] !== start[i]) return false;
  return true;
}

/** Finds where the JSON object at the start of the held bytes closes, resuming where the last call stopped. */
class JsonObjectScanner {
  private position = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private end = -1;

  /** Index just after the `}` closing the object that starts at 0, or -1 if it has not closed yet. */
  scan(bytes: Uint8Array): number {
    for (; this.end === -1 && this.position < bytes.length; this.position++) {
      const byte = bytes[this.position];
      if (this.escaped) this.escaped = false;
      else if (this.inString) {
        if (byte === 0x5c) this.escaped = true;
        else if (byte === 0x22) this.inString = false;
      } else if (byte === 0x22) this.inString = true;
      else if (byte === 0x7b || byte === 0x5b) this.depth++;
      else if ((byte === 0x7d || byte === 0x5d) && --this.depth === 0) this.end = this.position + 1;
    }
    return this.end;
  }
}

function parsePrelude(raw: string): HttpPrelude | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const headers: Record<string, string> = {};
  if (typeof record.headers === 'object' && record.headers !== null) {
    for (const [name, headerValue] of Object.entries(record.headers)) {
      headers[name] = Array.isArray(headerValue) ? headerValue.map(String).join(', ') : String(headerValue);
    }
  }
  const cookies = Array.isArray(record.cookies) ? record.cookies.map(String) : [];
  const statusCode = typeof record.statusCode === 'number' ? record.statusCode : Number(record.statusCode) || undefined;
  return { statusCode, headers, cookies, raw };
}
