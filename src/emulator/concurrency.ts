/**
 * Reserved concurrency from the manifest: a function limited to N runs at most N invocations at once; the next one
 * is throttled with 429 TooManyRequestsException, as Lambda does. Functions without a limit are never throttled.
 */

/** Counts running invocations per function. */
export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();

  /**
   * Takes a slot for `name` if its limit allows; returns the release function, or undefined when throttled.
   * Each release function frees its slot once, however often it is called.
   */
  acquire(name: string, limit: number | undefined): (() => void) | undefined {
    const current = this.running.get(name) ?? 0;
    if (limit !== undefined && current >= limit) return undefined;
    this.running.set(name, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(name) ?? 1) - 1;
      if (left === 0) this.running.delete(name);
      else this.running.set(name, left);
    };
  }
}
