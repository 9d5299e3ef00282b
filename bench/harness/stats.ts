/**
 * The statistics every benchmark figure is reported with. A figure is the median of at least five runs, with the
 * run-to-run spread (min and max) beside it, because single runs on a shared 2-core machine swing by tens of percent;
 * latency samples within one run are summarised by percentiles first (p50, p99), then those are medianed across runs.
 */

/** One reported figure, exactly as it is written to `bench-results.json`. */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  /** How many runs the median is taken over. */
  readonly runs: number;
}

/** The fewest runs a figure may be based on (issue 8). */
export const MIN_RUNS = 5;

/** Median of the values (the mean of the two middle ones for an even count). Throws for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The p-th percentile (0–100) by the nearest-rank method: the smallest sample with at least p% of the samples at or
 * below it. Nearest rank never invents a value between samples, so a p99 of 200 samples is the second-largest one.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0–100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Median, min and max of the per-run values of one figure. */
export function summarize(values: readonly number[], unit: string): Figure {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) throw new Error(`no finite values to summarize (${values.length} given)`);
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), unit, runs: finite.length };
}

/** Rounds for display and JSON: 3 significant digits below 100, whole numbers above. */
export function roundFigure(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value);
  if (magnitude === 0) return 0;
  const decimals = Math.max(0, 2 - Math.floor(Math.log10(magnitude)));
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * The order contenders run in for round `round`: rotated by one each round, so every contender runs early and late
 * equally often and a slow drift of the machine (thermal, another process) lands on all of them alike.
 */
export function rotation<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
