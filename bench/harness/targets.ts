/**
 * The targets issue 8 sets, checked against the medians. The benchmark reports a MISS, it never fails the build:
 * the figures depend on the machine, and a miss is a finding to explain, not a broken test.
 */
import type { Figure } from './stats';

export interface Target {
  /** The figure the target is about. */
  readonly figure: string;
  /** The target as people read it, e.g. `≥ 0.85× raw`. */
  readonly text: string;
  /** True when met; undefined when a figure it needs was not measured. */
  check(figures: Readonly<Record<string, Figure>>): boolean | undefined;
}

const atLeast = (figure: string, bound: number, text: string): Target => ({
  figure,
  text,
  check: (figures) => (figures[figure] ? figures[figure].median >= bound : undefined),
});

const atMost = (figure: string, bound: number, text: string): Target => ({
  figure,
  text,
  check: (figures) => (figures[figure] ? figures[figure].median <= bound : undefined),
});

const below = (figure: string, other: string, text: string): Target => ({
  figure,
  text,
  check: (figures) => (figures[figure] && figures[other] ? figures[figure].median < figures[other].median : undefined),
});

/** Every target, in the order the table lists them. `fileRssBoundMib` is the bound the file suite states. */
export function benchTargets(fileRssBoundMib: number, lateStartDelayMs: number): Target[] {
  return [
    atLeast('ratio.core_raw.64k', 0.85, '≥ 0.85× raw (64 KiB chunks)'),
    atMost('cpu_us_per_chunk.core', 8, '≤ 8 µs CPU per chunk'),
    below('rss_mb.core.64k', 'rss_mb.botocore.64k', "peak RSS below botocore's (100 MiB, 64 KiB chunks)"),
    atMost('ui_updates_per_s.tiny', 31, '≤ ~30 UI updates/s (100,000 chunks)'),
    atMost('rss_mb.file_200mb', fileRssBoundMib, `core→file on 200 MB: peak RSS ≤ ${fileRssBoundMib} MiB`),
    below(
      'first_byte.core.started_ms',
      'first_byte.sdk.send_resolved_ms',
      `\`started\` before the SDK's send() (first event after ${lateStartDelayMs} ms)`,
    ),
    atMost('screen_ms.p50', 50, 'chunk to screen p50 ≤ 50 ms (one frame plus loopback)'),
  ];
}

/** `PASS`, `MISS`, or `n/a` when not measured. */
export function targetStatus(target: Target, figures: Readonly<Record<string, Figure>>): 'PASS' | 'MISS' | 'n/a' {
  const met = target.check(figures);
  return met === undefined ? 'n/a' : met ? 'PASS' : 'MISS';
}
