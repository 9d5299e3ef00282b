/**
 * Writes the function's output to stdout as each chunk arrives: nothing is held back (each chunk is one write, and
 * on Linux pipes and terminals stdout writes are synchronous), the producer waits when a slow reader makes the pipe
 * push back, and a reader that goes away (`| head`, EPIPE) is noticed once, quietly, so the invocation can stop.
 */
import type { Writable } from 'node:stream';

/** stdout (or any writable) with back-pressure and EPIPE handling. */
export class StdoutSink {
  private closedByReader = false;
  private lastByte: number | undefined;
  /** Callbacks for when the reader goes away; a waiting write's own callback leaves once the write may go on. */
  private readonly onClosed = new Set<() => void>();

  constructor(private readonly stream: Writable = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') this.markClosed();
      else throw error;
    });
  }

  /** True once the reader has gone away; later writes are dropped. */
  get closed(): boolean {
    return this.closedByReader;
  }

  /** True when something was written and it did not end with a newline. */
  get endsWithoutNewline(): boolean {
    return this.lastByte !== undefined && this.lastByte !== 0x0a;
  }

  /** Registers a callback for when the reader goes away. */
  onReaderClosed(callback: () => void): void {
    if (this.closedByReader) callback();
    else this.onClosed.add(callback);
  }

  /** Writes at once; resolves when the stream can take more (immediately unless the reader is behind). */
  async write(bytes: Uint8Array | string): Promise<void> {
    if (this.closedByReader || bytes.length === 0) return;
    const data = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.lastByte = typeof data === 'string' ? data.charCodeAt(data.length - 1) : data[data.length - 1];
    let accepted: boolean;
    try {
      accepted = this.stream.write(data);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return this.markClosed();
      throw error;
    }
    if (!accepted && !this.closedByReader) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.onClosed.delete(done);
          resolve();
        };
        this.stream.on('drain', done);
        this.onReaderClosed(done);
      });
    }
  }

  private markClosed(): void {
    if (this.closedByReader) return;
    this.closedByReader = true;
    const callbacks = [...this.onClosed];
    this.onClosed.clear();
    for (const callback of callbacks) callback();
  }
}
