/**
 * Turns the function's raw output bytes into `httpPrelude` and `chunk` events: the prelude is found and stripped,
 * the text decoded, binary detected, and each chunk stamped with its index, offset and time. Allocation per chunk
 * is the event object and its text (for a large chunk made only when read); the bytes are passed through as they are.
 */
import { contentTypeKind, type DeferredText, Utf8StreamDecoder } from './decoder';
import type { ChunkEvent, HttpPreludeEvent } from './events';
import type { MetricsRecorder } from './metrics';
import { join } from './eventStream';
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
    return this.acceptParts([payload], payload.byteLength);
  }

  /**
   * Accepts one payload that arrived in `parts` (views of the socket's buffers, in order) without joining them:
   * the chunk's `bytes` are joined only if a sink reads them (see `ChunkEvent.parts`).
   */
  acceptParts(parts: readonly Uint8Array[], byteLength: number): ChunkEvent | undefined {
    this.metrics.markBytesArrived();
    if (this.detectPrelude && !this.prelude.done) {
      const step = this.prelude.push(join(parts, byteLength));
      if (step.prelude) {
        const { statusCode, headers, cookies, raw } = step.prelude;
        this.pendingPrelude = { type: 'httpPrelude', statusCode, headers, cookies, raw };
        const realType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
        if (contentTypeKind(realType) === 'binary') this.decoder?.forceBinary();
      }
      if (!step.output) return undefined;
      return this.chunk([step.output], step.output.byteLength);
    }
    return this.chunk(parts, byteLength);
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
    const held = rest ? this.chunk([rest], rest.byteLength) : undefined;
    const tail = this.decoder?.end();
    const replacement = tail ? this.event([], 0, tail) : undefined;
    return [held, replacement].filter((event) => event !== undefined);
  }

  private chunk(parts: readonly Uint8Array[], byteLength: number): ChunkEvent | undefined {
    if (byteLength === 0) return undefined;
    return this.event(parts, byteLength, this.decoder?.decodeParts(parts, byteLength));
  }

  private event(parts: readonly Uint8Array[], byteLength: number, text: DeferredText | undefined): ChunkEvent {
    const index = this.index++;
    const offset = this.offset;
    const atMs = this.metrics.recordChunk(byteLength);
    this.offset += byteLength;
    return new AssembledChunk(parts, byteLength, text, index, offset, atMs);
  }
}

/**
 * A chunk as the engine delivers it. Bytes in several parts are joined, and a deferred text made, the first time a
 * sink reads `bytes` or `text` (a file, a byte count or a document store that copies the parts never does), then
 * kept. A class, not an object literal with getters: V8 builds such literals slowly and they outlive scavenges,
 * holding the response's buffers with them (measured: 64 KiB chunks into a null sink took three times the CPU).
 */
class AssembledChunk implements ChunkEvent {
  readonly type = 'chunk';
  readonly isText: boolean;
  #bytes: Uint8Array | undefined;
  #text: DeferredText | undefined;

  constructor(
    readonly parts: readonly Uint8Array[],
    readonly byteLength: number,
    text: DeferredText | undefined,
    readonly index: number,
    readonly offset: number,
    readonly atMs: number,
  ) {
    this.isText = text !== undefined;
    this.#text = text;
    if (parts.length <= 1) this.#bytes = parts[0] ?? EMPTY;
  }

  get bytes(): Uint8Array {
    return (this.#bytes ??= join(this.parts, this.byteLength));
  }

  get text(): string | undefined {
    const text = this.#text;
    if (typeof text !== 'function') return text;
    const made = text();
    this.#text = made;
    return made;
  }
}

const EMPTY = new Uint8Array(0);
