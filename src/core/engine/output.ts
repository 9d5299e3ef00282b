/**
 * Turns the function's raw output bytes into `httpPrelude` and `chunk` events: the prelude is found and stripped,
 * the text decoded, binary detected, and each chunk stamped with its index, offset and time. Allocation per chunk
 * is the event object and its text (for a large chunk made only when read); the bytes are passed through as they are.
 */
import { contentTypeKind, type DeferredText, Utf8StreamDecoder } from './decoder';
import type { ChunkEvent, HttpPreludeEvent } from './events';
import type { MetricsRecorder } from './metrics';
import { HttpPreludeSplitter } from './prelude';

/** Assembles the output events of one invocation. */
export class OutputAssembler {
  private readonly prelude: HttpPreludeSplitter;
  private readonly decoder: Utf8StreamDecoder | undefined;
  private pendingPrelude: HttpPreludeEvent | undefined;
  private index = 0;
  private offset = 0;

  /**
   * @param contentType the response's content type (prelude detection, binary types)
   * @param decodeText false to leave `text` undefined on every chunk
   * @param detectPrelude false when the bytes cannot hold a prelude (a function URL's body: the URL stripped it)
   */
  constructor(
    contentType: string | undefined,
    decodeText: boolean,
    private readonly metrics: MetricsRecorder,
    private readonly detectPrelude = true,
  ) {
    this.prelude = new HttpPreludeSplitter(contentType);
    this.decoder = decodeText ? new Utf8StreamDecoder(contentTypeKind(contentType) === 'binary') : undefined;
  }

  /** True when the output was found to be binary (never when text decoding is off). */
  get binary(): boolean {
    return this.decoder?.binary ?? false;
  }

  /** Accepts one payload; returns the chunk to deliver now, if any. Check `takePrelude()` first. */
  accept(payload: Uint8Array): ChunkEvent | undefined {
    this.metrics.markBytesArrived();
    let bytes = payload;
    if (this.detectPrelude && !this.prelude.done) {
      const step = this.prelude.push(payload);
      if (step.prelude) {
        const { statusCode, headers, cookies, raw } = step.prelude;
        this.pendingPrelude = { type: 'httpPrelude', statusCode, headers, cookies, raw };
        const realType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
        if (contentTypeKind(realType) === 'binary') this.decoder?.forceBinary();
      }
      if (!step.output) return undefined;
      bytes = step.output;
    }
    return this.chunk(bytes);
  }

  /** The prelude found by the last `accept`, once. */
  takePrelude(): HttpPreludeEvent | undefined {
    const prelude = this.pendingPrelude;
    this.pendingPrelude = undefined;
    return prelude;
  }

  /**
   * The output ended: the chunks still to deliver, in order. First anything held back while looking for a prelude;
   * then, when the output ended inside a character, a last chunk with no bytes (they were delivered already) and the
   * text U+FFFD, so the joined text stays what `TextDecoder` makes of the whole output. Invalid trailing bytes turn
   * the output binary instead (see `Utf8StreamDecoder.end`).
   */
  finish(): ChunkEvent[] {
    const rest = this.detectPrelude ? this.prelude.finish() : undefined;
    const held = rest ? this.chunk(rest) : undefined;
    const tail = this.decoder?.end();
    const replacement = tail ? this.event(new Uint8Array(0), tail) : undefined;
    return [held, replacement].filter((event) => event !== undefined);
  }

  private chunk(bytes: Uint8Array): ChunkEvent | undefined {
    if (bytes.byteLength === 0) return undefined;
    return this.event(bytes, this.decoder?.decodeDeferred(bytes));
  }

  private event(bytes: Uint8Array, text: DeferredText | undefined): ChunkEvent {
    const index = this.index++;
    const offset = this.offset;
    const atMs = this.metrics.recordChunk(bytes.byteLength);
    this.offset += bytes.byteLength;
    if (typeof text !== 'function')
      return { type: 'chunk', bytes, text, isText: text !== undefined, index, offset, atMs };
    // A large chunk's text is made the first time a sink reads it (a file or a byte count never does), then kept.
    let made: string | undefined;
    return {
      type: 'chunk',
      bytes,
      get text(): string {
        return (made ??= text());
      },
      isText: true,
      index,
      offset,
      atMs,
    };
  }
}
