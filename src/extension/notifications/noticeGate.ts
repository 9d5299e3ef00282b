/**
 * Keeps one cause to one notification. Five invocations that fail at once because the SSO session expired, or a
 * burst throttled by the same reserved concurrency, must not stack five identical toasts: while a notice with the
 * same key is open (and for at most `windowMs`, since a toast moved to the notification centre never reports being
 * closed), repeats are folded into it and only logged. Plain Node (no `vscode`): the clock is injectable for tests.
 */

/** The answer for one notice: show it (and call `closed` when it is dismissed), or fold it into the open one. */
export type GateDecision =
  { readonly show: true; readonly closed: () => void } | { readonly show: false; readonly repeats: number };

/** How long a shown notice keeps folding repeats when it is never closed (it sits in the notification centre). */
export const DEFAULT_FOLD_WINDOW_MS = 60_000;

interface OpenNotice {
  readonly shownAt: number;
  repeats: number;
}

/** Decides, per key, whether a notice is new or a repeat of one still open. */
export class NoticeGate {
  private readonly open = new Map<string, OpenNotice>();

  constructor(
    private readonly windowMs: number = DEFAULT_FOLD_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call once per notice that would be shown. */
  admit(key: string): GateDecision {
    const time = this.now();
    const current = this.open.get(key);
    if (current && time - current.shownAt < this.windowMs) {
      current.repeats++;
      return { show: false, repeats: current.repeats };
    }
    const entry: OpenNotice = { shownAt: time, repeats: 0 };
    this.open.set(key, entry);
    return {
      show: true,
      closed: () => {
        if (this.open.get(key) === entry) this.open.delete(key);
      },
    };
  }

  /** Keys currently folding repeats (for tests and the log). */
  get openKeys(): string[] {
    const time = this.now();
    return [...this.open.entries()].filter(([, entry]) => time - entry.shownAt < this.windowMs).map(([key]) => key);
  }
}
