/**
 * What the three sides of the screen benchmark tell each other. The extension-host script (inside VS Code) reports
 * one console line with {@link REPORT_PREFIX}; the page observer (inside chromium) records {@link StampSighting}s;
 * the runner (plain Node) reads both. Kept apart from the host script, which imports `vscode`, so that the runner
 * never loads it.
 */

/** The line the runner picks out of the host's console. */
export const REPORT_PREFIX = 'LAMBDA_STREAM_BENCH ';

/** Present in the workspace folder: the host script measures activation and invokes nothing. */
export const ACTIVATION_ONLY_FILE = '.bench-activation-only';

/** What the host reports. */
export interface ScreenHostReport {
  /**
   * Milliseconds `extension.activate()` took as a caller sees it, or undefined when the extension was already active.
   * It includes what VS Code does in between (building the ExtensionContext, whose storage comes from the window).
   */
  readonly activateMs?: number;
  /** The extension's own part, as VS Code's Running Extensions view splits it: loading its main module… */
  readonly loadMs?: number;
  /** …and the `activate` call. */
  readonly activateCallMs?: number;
  /** The outcome of each invocation (`completed`, `failed`, …). */
  readonly outcomes: string[];
  /** Per large (30 MB) response: milliseconds from the invocation's end until the editor held all of its text. */
  readonly settleMs?: number[];
  /** Times the extension host's event loop was blocked for {@link HOST_STALL_MS} or more during the stamp runs. */
  readonly hostStalls?: Busy[];
}

/** An extension-host stall this long or longer is recorded (a timer every 5 ms came at least this late). */
export const HOST_STALL_MS = 20;

/** A stretch of time one thread was busy: from `at` (wall-clock-based milliseconds) for `ms`. */
export interface Busy {
  readonly at: number;
  readonly ms: number;
}

/** One stamp as the page first showed it (milliseconds on the wall-clock-based `performance` scale). */
export interface StampSighting {
  /** The invocation it belongs to (the handler's start time). */
  readonly run: string;
  readonly index: number;
  /** When the handler wrote it. */
  readonly writtenAt: number;
  /** When it was inserted into the page. */
  readonly insertedAt: number;
  /** The next animation frame after the insertion: the frame that paints it. */
  readonly paintedAt: number;
}

/** Reads a report out of a console line, or undefined when the line is something else. */
export function parseHostReport(line: string): ScreenHostReport | undefined {
  const at = line.indexOf(REPORT_PREFIX);
  if (at === -1) return undefined;
  return JSON.parse(line.slice(at + REPORT_PREFIX.length)) as ScreenHostReport;
}

/**
 * What stood in the way of the stamps slower than `overMs`: how many were on screen later than that, and of those how
 * many were under way (between the handler's write and the paint) while the window's main thread ran a long task,
 * while the extension host was stalled, or neither. `runs` limits it to those invocations.
 */
export function slowStampCauses(
  sightings: readonly StampSighting[],
  runs: ReadonlySet<string>,
  overMs: number,
  windowBusy: readonly Busy[],
  hostBusy: readonly Busy[],
): { slow: number; window: number; host: number; neither: number } {
  const during = (busy: readonly Busy[], from: number, to: number) =>
    busy.some((stretch) => stretch.at < to && stretch.at + stretch.ms > from);
  const counts = { slow: 0, window: 0, host: 0, neither: 0 };
  for (const sighting of sightings) {
    if (!runs.has(sighting.run) || sighting.paintedAt - sighting.writtenAt <= overMs) continue;
    counts.slow++;
    const window = during(windowBusy, sighting.writtenAt, sighting.paintedAt);
    const host = during(hostBusy, sighting.writtenAt, sighting.paintedAt);
    if (window) counts.window++;
    if (host) counts.host++;
    if (!window && !host) counts.neither++;
  }
  return counts;
}

/** Write-to-paint delays grouped by invocation, the invocations in the order they ran. */
export function delaysByRun(sightings: readonly StampSighting[]): Array<{ run: string; delays: number[] }> {
  const runs = new Map<string, number[]>();
  for (const sighting of sightings) {
    const delays = runs.get(sighting.run) ?? [];
    delays.push(sighting.paintedAt - sighting.writtenAt);
    runs.set(sighting.run, delays);
  }
  return [...runs].sort(([a], [b]) => Number(a) - Number(b)).map(([run, delays]) => ({ run, delays }));
}
