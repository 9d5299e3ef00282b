/**
 * Timing and volume figures for one invocation, kept cheap enough to update on every chunk: a few numbers and one
 * clock read per chunk, no allocation.
 */
import { performance } from 'node:perf_hooks';
import type { InvokeMetrics } from './events';

/** Collects the figures for one invocation; `snapshot()` can be taken at any time (also after a failure). */
export class MetricsRecorder {
  private readonly startedAt = performance.now();
  private headersAt: number | undefined;
  private firstByteAt: number | undefined;
  private endedAt: number | undefined;
  private byteCount = 0;
  private chunkCount = 0;

  /** Milliseconds since the recorder was created (the invocation's start). */
  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  /** The response headers arrived; returns the elapsed time. */
  markHeaders(): number {
    this.headersAt = this.elapsed();
    return this.headersAt;
  }

  /** Raw output bytes arrived (before prelude stripping), which is what time to first byte measures. */
  markBytesArrived(): void {
    if (this.firstByteAt === undefined) this.firstByteAt = this.elapsed();
  }

  /** A chunk was delivered; returns the elapsed time for its timestamp. */
  recordChunk(byteLength: number): number {
    const now = this.elapsed();
    if (this.firstByteAt === undefined) this.firstByteAt = now;
    this.byteCount += byteLength;
    this.chunkCount += 1;
    return now;
  }

  /** The stream ended (successfully or not); later snapshots keep this end time. */
  markEnd(): void {
    if (this.endedAt === undefined) this.endedAt = this.elapsed();
  }

  /** The figures so far. */
  snapshot(): InvokeMetrics {
    const end = this.endedAt ?? this.elapsed();
    const streamingMs = this.firstByteAt === undefined ? undefined : end - this.firstByteAt;
    return {
      timeToHeadersMs: round(this.headersAt),
      timeToFirstByteMs: round(this.firstByteAt),
      bytes: this.byteCount,
      chunks: this.chunkCount,
      durationMs: round(end) ?? 0,
      throughputBytesPerSecond:
        this.byteCount > 0 && streamingMs !== undefined && streamingMs > 0
          ? Math.round((this.byteCount * 1000) / streamingMs)
          : undefined,
    };
  }
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000) / 1000;
}

/** Formats a byte count for people: `512 B`, `64.0 KiB`, `12.3 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
