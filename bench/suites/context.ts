/**
 * What every suite gets from the runner: the bench server, where to record figures, how many rounds to run, whether
 * botocore takes part, a scratch folder, and the reduced sizes of `--quick`.
 */
import type { BenchServer } from '../server/benchServer';
import type { BenchResults } from '../harness/results';
import { MIN_RUNS } from '../harness/stats';

export interface SuiteContext {
  readonly server: BenchServer;
  readonly results: BenchResults;
  /** `--quick`: smaller streams, same number of rounds. */
  readonly quick: boolean;
  /** Runs per figure (at least {@link MIN_RUNS}). */
  readonly rounds: number;
  /** False when botocore is skipped (the reason is already in the notes). */
  readonly botocore: boolean;
  /** A scratch folder removed at the end. */
  readonly scratchDir: string;
}

export const DEFAULT_ROUNDS = MIN_RUNS;

/** Megabytes (10^6 bytes) per second. */
export function megabytesPerSecond(bytes: number, milliseconds: number): number {
  return bytes / 1000 / milliseconds;
}

/** Logs one run compactly, so a long benchmark shows progress. */
export function progress(label: string, detail: string): void {
  console.log(`  ${label.padEnd(28)} ${detail}`);
}

/**
 * Runs one measured job. A failure is noted (`<what> failed: <reason>`) and yields undefined: one bad run costs one
 * value of one figure, never the rest of the benchmark.
 */
export async function attempt<T>(context: SuiteContext, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    context.results.note(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
