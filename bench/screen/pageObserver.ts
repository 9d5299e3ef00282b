/**
 * Runs inside the workbench page (installed with `page.addInitScript` before VS Code loads): watches the DOM for
 * the stamps the `screen-stamp` handler writes (`S<run>-<index>@<write time>`) and records, for each, when it was
 * first inserted and the next animation frame after that (the frame that paints it), and every long task of the
 * page's main thread (50 ms or more, as chromium reports them). Times are `performance.timeOrigin +
 * performance.now()`, the same wall-clock-based millisecond scale the handler stamps with.
 *
 * The function is serialised by playwright, so it must not use anything from outside its own body. The test
 * tsconfig has no DOM library, so the browser globals it touches are typed structurally here.
 */
import type { Busy, StampSighting } from './protocol';

interface PageNode {
  readonly textContent: string | null;
}

interface PageGlobals {
  document: { body: PageNode | null; addEventListener(type: string, listener: () => void): void };
  MutationObserver: new (
    callback: (records: ReadonlyArray<{ type: string; target: PageNode; addedNodes: ArrayLike<PageNode> }>) => void,
  ) => {
    observe(target: PageNode, options: { subtree: boolean; childList: boolean; characterData: boolean }): void;
  };
  PerformanceObserver: new (
    callback: (list: { getEntries(): ReadonlyArray<{ startTime: number; duration: number }> }) => void,
  ) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  requestAnimationFrame(callback: () => void): void;
  performance: { timeOrigin: number; now(): number };
  __lambdaStreamStamps?: StampSighting[];
  __lambdaStreamLongTasks?: Busy[];
}

/**
 * Installs the observers; the sightings accumulate in `globalThis.__lambdaStreamStamps`, the long tasks in
 * `globalThis.__lambdaStreamLongTasks`.
 */
export function installStampObserver(): void {
  const page = globalThis as unknown as PageGlobals;
  const sightings: StampSighting[] = [];
  page.__lambdaStreamStamps = sightings;
  const longTasks: Busy[] = [];
  page.__lambdaStreamLongTasks = longTasks;
  new page.PerformanceObserver((list) => {
    for (const task of list.getEntries())
      longTasks.push({ at: page.performance.timeOrigin + task.startTime, ms: task.duration });
  }).observe({ type: 'longtask', buffered: true });
  const seen = new Set<string>();
  const pattern = /S(\d+)-(\d+)@(\d+(?:\.\d+)?)/g;
  const clock = () => page.performance.timeOrigin + page.performance.now();
  const observer = new page.MutationObserver((records) => {
    const insertedAt = clock();
    const fresh: Array<Omit<StampSighting, 'paintedAt'>> = [];
    for (const record of records) {
      const nodes = record.type === 'characterData' ? [record.target] : Array.from(record.addedNodes);
      for (const node of nodes) {
        const text = node.textContent;
        if (!text || !text.includes('@')) continue;
        for (const match of text.matchAll(pattern)) {
          const key = `${match[1]}-${match[2]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          fresh.push({ run: match[1], index: Number(match[2]), writtenAt: Number(match[3]), insertedAt });
        }
      }
    }
    if (fresh.length > 0)
      page.requestAnimationFrame(() => {
        const paintedAt = clock();
        for (const sighting of fresh) sightings.push({ ...sighting, paintedAt });
      });
  });
  const start = () => observer.observe(page.document.body!, { subtree: true, childList: true, characterData: true });
  if (page.document.body) start();
  else page.document.addEventListener('DOMContentLoaded', start);
}
