/**
 * Measures the part of a contender run that matters: wall time, the process's CPU time (user + system, so the
 * kernel's socket work counts too) and its peak RSS. Module loading, client construction and warm-up reads are
 * outside the time window; peak RSS is by nature a lifetime figure, so the RSS at the job's start (a bare runtime) is
 * reported too, and the difference is what the contender itself costs.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { RunCost } from '../jobs';

/**
 * The monotonic clock shared by every process on the machine (libuv and Python both read CLOCK_MONOTONIC), so a
 * time taken by the server and one taken by a contender can be subtracted.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Current and peak RSS of this process in KiB, from /proc/self/status (VmRSS, VmHWM). */
export function rssKb(): { current: number; peak: number } {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const current = field('VmRSS');
    const peak = field('VmHWM');
    if (Number.isFinite(current) && Number.isFinite(peak)) return { current, peak };
  } catch {
    // not Linux: fall back below
  }
  return { current: process.memoryUsage.rss() / 1024, peak: process.resourceUsage().maxRSS };
}

/** Runs `body` inside the measuring window and returns its value with the cost; `baseRssKb` was taken at job start. */
export async function measured<T>(baseRssKb: number, body: () => Promise<T>): Promise<{ value: T; cost: RunCost }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await body();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { value, cost: { wallMs, cpuUs: cpu.user + cpu.system, peakRssKb: rssKb().peak, baseRssKb } };
}

/** Bytes and chunks a null sink saw. */
export interface Tally {
  bytes: number;
  chunks: number;
}
