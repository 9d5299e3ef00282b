/**
 * When a live response document is refreshed: at most ~30 times a second ({@link DEFAULT_UPDATE_INTERVAL_MS}),
 * stretched as the text grows because a virtual document is re-sent whole on each refresh, and never without a
 * change of its model. The extension's `DocumentSink` and the benchmark's headless twin both follow this rule.
 */
import { DEFAULT_UPDATE_INTERVAL_MS } from './updateBatcher';

/** Characters a second the document may be re-sent at; beyond, refreshes get rarer (a 16 MB document: once a second). */
export const RESEND_CHARS_PER_SECOND = 16 * 1024 * 1024;

/** The interval between refreshes of a document showing this many characters: `max(33 ms, characters / 16 Mi/s)`. */
export function documentRefreshIntervalMs(characters: number): number {
  return Math.max(DEFAULT_UPDATE_INTERVAL_MS, (characters / RESEND_CHARS_PER_SECOND) * 1000);
}

/** Remembers the model revision last shown, so that a refresh without a change re-sends nothing. */
export class ShownRevision {
  private shown = -1;

  /** True (and remembered) when `revision` is not the one shown last. */
  advance(revision: number): boolean {
    if (revision === this.shown) return false;
    this.shown = revision;
    return true;
  }
}
