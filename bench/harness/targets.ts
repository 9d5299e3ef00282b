/**
 * The targets issues 8 and 18 set, checked against the medians. The benchmark reports a MISS, it never fails the build:
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

/**
 * Every target, in the order the table lists them: issue 18's first (engine, live document, start, chunk to screen),
 * then the earlier ones still standing. `fileRssBoundMib` is the bound the file suite states.
 */
export function benchTargets(fileRssBoundMib: number, lateStartDelayMs: number): Target[] {
  return [
    atLeast('ratio.core_botocore.64k', 1, '≥ 1.0× botocore (64 KiB chunks), CRCs checked'),
    atLeast('ratio.core_botocore.1m', 1, '≥ 1.0× botocore (1 MiB chunks)'),
    atLeast('ratio.core_raw.64k', 0.8, '≥ 0.8× raw (64 KiB chunks); see `ceiling.core_raw.64k`'),
    atLeast('ratio.document_core.64k', 0.8, 'core→document ≥ 0.8× core (64 KiB chunks)'),
    atMost('rss_mb.document.64k', 128, 'core→document: peak RSS ≤ 128 MiB (100 MiB, 50 MB cap)'),
    atMost('screen_settle_ms.30mb', 2000, 'a 30 MB response settles in code-server ≤ 2 s after the last chunk'),
    atMost('activate_ms', 20, "activation ≤ 20 ms (the extension's own load + activate call)"),
    atMost('cli.first_chunk_ms', 200, '`lambda-stream invoke` to first chunk ≤ 200 ms'),
    atMost('screen_ms.p50', 35, 'chunk to screen p50 ≤ 35 ms'),
    atMost('screen_ms.p99', 60, 'chunk to screen p99 ≤ 60 ms'),
    atMost('cpu_us_per_chunk.core', 8, '≤ 8 µs CPU per chunk'),
    atMost('ui_updates_per_s.tiny', 31, '≤ ~30 UI updates/s (100,000 chunks)'),
    atMost('rss_mb.file_200mb', fileRssBoundMib, `core→file on 200 MB: peak RSS ≤ ${fileRssBoundMib} MiB`),
    below(
      'first_byte.core.started_ms',
      'first_byte.sdk.send_resolved_ms',
      `\`started\` before the SDK's send() (first event after ${lateStartDelayMs} ms)`,
    ),
  ];
}

/** `PASS`, `MISS`, or `n/a` when not measured. */
export function targetStatus(target: Target, figures: Readonly<Record<string, Figure>>): 'PASS' | 'MISS' | 'n/a' {
  const met = target.check(figures);
  return met === undefined ? 'n/a' : met ? 'PASS' : 'MISS';
}
