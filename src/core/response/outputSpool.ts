/**
 * The full output of one invocation, written byte for byte to a file as it arrives. The live document holds at most
 * its cap and never holds binary output, so this file is what "Save Output As…" copies and what the user opens when
 * the document stopped growing. Writing applies backpressure: `write` says when to wait for `drained()`, so a 200 MB
 * stream never piles up in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A write-only file of output bytes with backpressure, copied or deleted when the invocation is done with it. */
export class OutputSpool {
  private readonly stream: fs.WriteStream;
  private readonly closed: Promise<void>;
  private failure: Error | undefined;
  private written = 0;
  private ending = false;

  /**
   * Creates (truncating) the file at `filePath`, readable by the user only (0600), and its folder (0700): a
   * response may hold anything the function can read, so other users of the machine must not.
   */
  constructor(readonly filePath: string) {
    const dir = path.dirname(filePath);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
    this.stream = fs.createWriteStream(filePath, { mode: 0o600 });
    this.closed = new Promise<void>((resolve) => {
      this.stream.once('close', resolve);
      this.stream.on('error', (error) => {
        this.failure ??= error;
        resolve();
      });
    });
  }

  /** Bytes handed to `write` so far. */
  get bytesWritten(): number {
    return this.written;
  }

  /** The first write error, if any (the disk is full, the folder was removed). */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Appends bytes (the spool keeps a reference until written). Returns false when the caller should await `drained()`. */
  write(bytes: Uint8Array): boolean {
    if (this.ending || this.failure) return true;
    this.written += bytes.byteLength;
    return this.stream.write(bytes);
  }

  /**
   * Appends one chunk that arrived in several parts, in one vectored write (no joined copy). Returns false when the
   * caller should await `drained()`.
   */
  writeParts(parts: readonly Uint8Array[]): boolean {
    if (parts.length === 1) return this.write(parts[0]);
    if (this.ending || this.failure) return true;
    this.stream.cork();
    let flowing = true;
    for (const part of parts) {
      this.written += part.byteLength;
      flowing = this.stream.write(part) && flowing;
    }
    this.stream.uncork();
    return flowing;
  }

  /** Resolves when the buffered bytes have been handed to the file (at once when nothing is buffered). */
  drained(): Promise<void> {
    if (!this.stream.writableNeedDrain || this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  /** Flushes and closes the file; safe to call more than once. Rejects with the first write error. */
  async close(): Promise<void> {
    if (!this.ending) {
      this.ending = true;
      this.stream.end();
    }
    await this.closed;
    if (this.failure) throw this.failure;
  }

  /**
   * Copies the bytes exactly as the function wrote them to `destination`: all of them once `close()` was called,
   * else what has arrived so far.
   */
  async saveAs(destination: string): Promise<void> {
    await (this.ending ? this.closed : this.drained());
    if (this.failure) throw this.failure;
    await fs.promises.copyFile(this.filePath, destination);
  }

  /** Closes and deletes the file. */
  async delete(): Promise<void> {
    await this.close().catch(() => undefined);
    await fs.promises.rm(this.filePath, { force: true });
  }
}
