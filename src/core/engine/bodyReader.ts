/**
 * Pulls the buffers of an HTTP response body one at a time, exactly as the socket delivered them. Unlike the
 * `Readable` async iterator, which calls `read()` and so concatenates whatever has queued up into a new buffer, this
 * listens to `data` events: no copy, no concatenation, and back-pressure by pausing the stream when the consumer
 * falls behind. Errors and a premature close surface from `next()`.
 */
import { finished, type Readable } from 'node:stream';

/** Buffers queued before the body is paused. */
const HIGH_WATER = 32;
/** Queue length at which a paused body is resumed. */
const LOW_WATER = 4;

const EMPTY = Buffer.alloc(0);

/** Reads one body; create it before the first byte can arrive (right after the headers). */
export class BodyReader {
  private readonly queue: Buffer[] = [];
  private head = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly body: Readable) {
    body.on('data', (buffer: Buffer) => {
      this.queue.push(buffer);
      if (this.queue.length - this.head >= HIGH_WATER) body.pause();
      this.notify();
    });
    finished(body, (error) => {
      if (error) this.failure = error;
      else this.ended = true;
      this.notify();
    });
  }

  /** The next buffer, or undefined at the end of the body; throws the body's error. */
  async next(): Promise<Buffer | undefined> {
    for (;;) {
      if (this.head < this.queue.length) return this.take();
      if (this.failure) throw this.failure;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private take(): Buffer {
    const buffer = this.queue[this.head];
    // Drop the reference at once: with a consumer slower than the socket the queue never drains to empty, and
    // every buffer already handed out would otherwise stay alive until it did (memory growing with the output).
    this.queue[this.head] = EMPTY;
    this.head++;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    if (this.body.isPaused() && this.queue.length - this.head <= LOW_WATER) this.body.resume();
    return buffer;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
