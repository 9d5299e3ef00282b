/**
 * Reserved concurrency from the manifest: a function limited to N runs at most N invocations at once. A synchronous
 * invocation past the limit is throttled with 429 TooManyRequestsException, as Lambda does; an asynchronous (Event)
 * one waits in a queue, as in Lambda's asynchronous invocation queue, and gets the next slot that frees. Functions
 * without a limit are never throttled and never wait.
 */

interface Waiter {
  grant(release: () => void): void;
}

/** Counts running invocations per function and queues the ones waiting for a slot. */
export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();

  /**
   * Takes a slot for `name` if its limit allows; returns the release function, or undefined when throttled.
   * Each release function frees its slot once, however often it is called.
   */
  acquire(name: string, limit: number | undefined): (() => void) | undefined {
    const current = this.running.get(name) ?? 0;
    if (limit !== undefined && current >= limit) return undefined;
    this.running.set(name, current + 1);
    return this.releaser(name);
  }

  /**
   * Takes a slot for `name`, waiting in line (first come, first served) while the limit is reached. Resolves with
   * the release function, or with undefined if `signal` aborts first (the waiter leaves the line; nothing leaks).
   */
  waitForSlot(name: string, limit: number | undefined, signal: AbortSignal): Promise<(() => void) | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    const now = this.acquire(name, limit);
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const line = this.waiting.get(name) ?? [];
      this.waiting.set(name, line);
      const leave = () => {
        const index = line.indexOf(waiter);
        if (index !== -1) line.splice(index, 1);
        if (line.length === 0 && this.waiting.get(name) === line) this.waiting.delete(name);
        resolve(undefined);
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal.removeEventListener('abort', leave);
          resolve(release);
        },
      };
      line.push(waiter);
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  /** A function that frees one slot of `name` once: it goes to the first waiter in line, if any. */
  private releaser(name: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const line = this.waiting.get(name);
      const next = line?.shift();
      if (line?.length === 0) this.waiting.delete(name);
      if (next) return next.grant(this.releaser(name));
      const left = (this.running.get(name) ?? 1) - 1;
      if (left === 0) this.running.delete(name);
      else this.running.set(name, left);
    };
  }
}
