/**
 * When each chunk of a response arrived and how big it was: the data behind the details view's timeline chart, which
 * shows at a glance where a function stalled. Recording is a push per chunk and memory stays bounded: past
 * `maxPoints`, neighbouring points are merged in pairs (a merged point keeps the later time, the summed bytes and the
 * number of chunks it stands for). The longest pause is tracked exactly, before any merging.
 */

/** One mark on the chart: a chunk, or several neighbouring chunks merged. */
export interface TimelinePoint {
  /** Milliseconds since the invocation began, when (the last of) its bytes arrived. */
  readonly atMs: number;
  readonly bytes: number;
  /** Bytes received up to and including this point. */
  readonly total: number;
  /** Zero-based index of its first chunk. */
  readonly index: number;
  /** How many chunks it stands for (1 until the timeline had to merge). */
  readonly chunks: number;
}

/** The longest time without output: between two chunks, or from the last chunk to the end. */
export interface TimelineGap {
  readonly fromMs: number;
  readonly toMs: number;
  /** Index of the chunk the pause came after. */
  readonly afterChunk: number;
  /** True when the pause ran until the end of the invocation (the function stalled and then ended or failed). */
  readonly untilEnd: boolean;
}

/** A plain, JSON-safe copy of a timeline, for storage and for the webview. */
export interface TimelineData {
  readonly points: readonly TimelinePoint[];
  readonly longestGap?: TimelineGap;
}

/** Points kept while recording, by default. */
export const DEFAULT_TIMELINE_POINTS = 2000;

/** Collects the chunk arrivals of one invocation. */
export class ChunkTimeline {
  private points: TimelinePoint[] = [];
  private total = 0;
  private count = 0;
  private lastAt: number | undefined;
  private gap: TimelineGap | undefined;

  constructor(private readonly maxPoints: number = DEFAULT_TIMELINE_POINTS) {}

  /** A chunk of `bytes` arrived `atMs` after the start. */
  record(atMs: number, bytes: number): void {
    if (this.lastAt !== undefined) this.consider(this.lastAt, atMs, false);
    this.total += bytes;
    this.points.push({ atMs, bytes, total: this.total, index: this.count, chunks: 1 });
    this.count++;
    this.lastAt = atMs;
    if (this.points.length >= this.maxPoints) this.points = mergePairs(this.points);
  }

  /** The figures so far; `endMs` (the end of the invocation) counts a pause after the last chunk too. */
  snapshot(endMs?: number, maxPoints: number = this.maxPoints): TimelineData {
    let points = this.points;
    while (points.length > maxPoints) points = mergePairs(points);
    let longestGap = this.gap;
    if (
      endMs !== undefined &&
      this.lastAt !== undefined &&
      endMs - this.lastAt > (longestGap ? longestGap.toMs - longestGap.fromMs : 0)
    ) {
      longestGap = { fromMs: this.lastAt, toMs: endMs, afterChunk: this.count - 1, untilEnd: true };
    }
    return { points: [...points], ...(longestGap ? { longestGap } : {}) };
  }

  private consider(fromMs: number, toMs: number, untilEnd: boolean): void {
    if (!this.gap || toMs - fromMs > this.gap.toMs - this.gap.fromMs)
      this.gap = { fromMs, toMs, afterChunk: this.count - 1, untilEnd };
  }
}

/** Halves a list of points by merging neighbours; an odd last point stays as it is. */
export function mergePairs(points: readonly TimelinePoint[]): TimelinePoint[] {
  const merged: TimelinePoint[] = [];
  for (let index = 0; index < points.length; index += 2) {
    const first = points[index];
    const second = points[index + 1];
    merged.push(
      second
        ? {
            atMs: second.atMs,
            bytes: first.bytes + second.bytes,
            total: second.total,
            index: first.index,
            chunks: first.chunks + second.chunks,
          }
        : first,
    );
  }
  return merged;
}
