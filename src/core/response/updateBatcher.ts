/**
 * Coalesces "something changed" signals into at most one flush per interval, whatever the chunk rate: a stream of
 * 100,000 tiny chunks must not become 100,000 document updates (each one a round trip to the renderer). The first
 * change after a quiet period is flushed on the next turn of the event loop (`setImmediate`: a `setTimeout` of 0 waits
 * at least 1 ms), so a slow drip still shows each chunk at once; a fast stream is flushed every `intervalMs`.
 *
 * The interval can be a function, read at each scheduling, so a caller can stretch it as its text grows (a
 * virtual document is re-sent whole on each update).
 */

/** The default: about 30 updates a second, near the screen's own rate. */
export const DEFAULT_UPDATE_INTERVAL_MS = 33;

/** How often a batcher may flush, and the clock it reads. */
export interface UpdateBatcherOptions {
  /** Minimum time between two flushes, in milliseconds. */
  readonly intervalMs?: number | (() => number);
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** At most one flush per interval for any number of `schedule()` calls; `flushNow()` at the end. */
export class UpdateBatcher {
  private timer: { cancel(): void } | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private pending = false;
  private disposed = false;
  private count = 0;
  private readonly interval: () => number;
  private readonly now: () => number;

  /** @param flush does the actual update; exceptions propagate to the timer (callers keep flush total). */
  constructor(
    private readonly flush: () => void,
    options: UpdateBatcherOptions = {},
  ) {
    const interval = options.intervalMs ?? DEFAULT_UPDATE_INTERVAL_MS;
    this.interval = typeof interval === 'function' ? interval : () => interval;
    this.now = options.now ?? (() => performance.now());
  }

  /** Number of flushes so far (what the benchmarks report as UI updates). */
  get flushes(): number {
    return this.count;
  }

  /** True when a change is waiting for its flush. */
  get isPending(): boolean {
    return this.pending;
  }

  /** Notes a change; the flush follows within one interval. */
  schedule(): void {
    if (this.disposed) return;
    this.pending = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlushAt + this.interval() - this.now());
    const fire = () => {
      this.timer = undefined;
      this.flushNow();
    };
    if (wait === 0) {
      const immediate = setImmediate(fire);
      this.timer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(fire, wait);
      this.timer = { cancel: () => clearTimeout(timeout) };
    }
  }

  /** Flushes a pending change now (e.g. when the stream ends), cancelling the timer. */
  flushNow(): void {
    if (this.timer) {
      this.timer.cancel();
      this.timer = undefined;
    }
    if (!this.pending || this.disposed) return;
    this.pending = false;
    this.lastFlushAt = this.now();
    this.count++;
    this.flush();
  }

  /** Drops any pending change; later calls do nothing. */
  dispose(): void {
    this.disposed = true;
    this.pending = false;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
