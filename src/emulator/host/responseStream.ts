/**
 * The `responseStream` a streaming handler writes to, shaped like the Node.js runtime's: a Writable with
 * `setContentType`, JSON-stringifying non-binary chunks, and the `_onBeforeFirstWrite` hook that
 * `HttpResponseStream.from` uses to put its prelude in front of the body. Each write reaches the emulator as soon as
 * the chunk window allows.
 */
import { Writable } from 'node:stream';

/** Writes that happen before the handler's first one, e.g. the HTTP prelude. */
type BeforeFirstWrite = (write: (chunk: string | Uint8Array) => void) => void;

/** The handler's output stream. Object mode only so any value can be written; values are turned into bytes here. */
export class LambdaResponseStream extends Writable {
  private wroteAny = false;
  /** Set by `HttpResponseStream.from`; runs once, just before the first write. */
  _onBeforeFirstWrite: BeforeFirstWrite | undefined;

  constructor(private readonly send: (data: Uint8Array) => Promise<void>) {
    super({ objectMode: true });
  }

  /**
   * Sets the function's content type; like Lambda, only before the first write. Through InvokeWithResponseStream the
   * caller never sees it (the HTTP response is the event stream), so only the timing rule is kept.
   */
  setContentType(_contentType: string): void {
    if (this.wroteAny) throw new Error('Cannot set content-type, too late.');
  }

  override _write(chunk: unknown, encoding: BufferEncoding | 'buffer', callback: (error?: Error | null) => void): void {
    const pieces: Uint8Array[] = [];
    if (!this.wroteAny) {
      this.wroteAny = true;
      this._onBeforeFirstWrite?.((early) => pieces.push(toBytes(early, 'utf8')));
    }
    pieces.push(toBytes(chunk, encoding === 'buffer' ? 'utf8' : encoding));
    pieces
      .reduce((previous, piece) => previous.then(() => this.send(piece)), Promise.resolve())
      .then(() => callback(), callback);
  }
}

function toBytes(chunk: unknown, encoding: BufferEncoding): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding);
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return Buffer.from(JSON.stringify(chunk) ?? String(chunk));
}
