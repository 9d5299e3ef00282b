/**
 * A listing that may hold thousands of items (functions in a region), read page by page as the user asks for more:
 * nothing is fetched beyond what is shown, the shown items are sorted by name, and a filter narrows them without
 * starting over. No `vscode` here, so the paging rules are tested in plain Node.
 */

/** What a node shows after a load. */
export interface ListingView<T> {
  /** Matching items, sorted by name, at most one page per "Load more…" click. */
  readonly items: readonly T[];
  /** More items exist (loaded but beyond the pages asked for, or not read yet). */
  readonly hasMore: boolean;
  /** How many items have been read from the source so far, matching or not. */
  readonly scanned: number;
  /** The failure that stopped the listing; items read before it are kept. */
  readonly error?: unknown;
}

/** How much one click shows and reads. */
export interface PagedListingOptions {
  /** Matches shown per page. */
  readonly pageSize: number;
  /** Most items read in one load while a filter matches few, so a rare match cannot make one click list everything. */
  readonly scanLimit: number;
}

/** Lambda's own page size: one ListFunctions request per "Load more…" when nothing is filtered. */
export const DEFAULT_PAGING: PagedListingOptions = { pageSize: 50, scanLimit: 500 };

/** One listing read lazily from an async source; see the module comment for the rules. */
export class PagedListing<T> {
  private readonly loaded: T[] = [];
  private iterator: AsyncIterator<T> | undefined;
  private done = false;
  private error: unknown;
  private wanted: number;
  /** `wanted` at the moment a load stopped on the scan limit: reading resumes only when the user asks for more. */
  private stoppedAt = -1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: () => AsyncIterable<T>,
    private readonly nameOf: (item: T) => string,
    private readonly options: PagedListingOptions = DEFAULT_PAGING,
  ) {
    this.wanted = options.pageSize;
  }

  /** The next load shows one more page. */
  requestMore(): void {
    this.wanted += this.options.pageSize;
  }

  /** Back to one page (a new filter); what was read stays loaded. */
  resetPages(): void {
    this.wanted = this.options.pageSize;
    this.stoppedAt = -1;
  }

  /**
   * Reads until the pages asked for are full of matches, the source ends or fails, or the scan limit is reached.
   * Concurrent calls run one after the other, so two renders never read the same page twice.
   */
  load(matches: (item: T) => boolean = () => true): Promise<ListingView<T>> {
    const run = this.queue.then(() => this.fill(matches));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the source (a listing discarded by a refresh). */
  dispose(): void {
    void this.iterator?.return?.();
    this.done = true;
  }

  private async fill(matches: (item: T) => boolean): Promise<ListingView<T>> {
    let count = this.loaded.filter(matches).length;
    if (count < this.wanted && !this.done && this.error === undefined && this.stoppedAt !== this.wanted) {
      this.iterator ??= this.source()[Symbol.asyncIterator]();
      let read = 0;
      try {
        while (count < this.wanted) {
          if (read >= this.options.scanLimit) {
            this.stoppedAt = this.wanted;
            break;
          }
          const next = await this.iterator.next();
          if (next.done) {
            this.done = true;
            break;
          }
          read++;
          this.loaded.push(next.value);
          if (matches(next.value)) count++;
        }
      } catch (error) {
        this.error = error;
      }
    }
    return this.view(matches);
  }

  private view(matches: (item: T) => boolean): ListingView<T> {
    const all = this.loaded.filter(matches).sort((a, b) => compareNames(this.nameOf(a), this.nameOf(b)));
    const more = all.length > this.wanted || (!this.done && this.error === undefined);
    return { items: all.slice(0, this.wanted), hasMore: more, scanned: this.loaded.length, error: this.error };
  }
}

/** Case-insensitive, numbers in names compared as numbers (`fn-2` before `fn-10`). */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A filter as the user typed it: a case-insensitive substring of the name; blank matches everything. */
export function nameFilter<T>(text: string, nameOf: (item: T) => string): (item: T) => boolean {
  const needle = text.trim().toLowerCase();
  return needle ? (item) => nameOf(item).toLowerCase().includes(needle) : () => true;
}
