/**
 * The printed report: one matrix per stream shape (contenders × throughput, ratio to raw, CPU per chunk, peak RSS),
 * every other figure in a flat list, then the targets with PASS/MISS. Each cell is `median [min–max]`. The same
 * text goes into docs/performance.md, so it is plain Markdown tables.
 */
import type { Contender } from '../jobs';
import { type Figure, roundFigure } from './stats';
import { type Target, targetStatus } from './targets';

type Figures = Readonly<Record<string, Figure>>;

const CONTENDERS: readonly Contender[] = ['raw', 'sdk', 'core', 'core-sdk', 'document', 'file', 'botocore'];
const LABELS: Record<Contender, string> = {
  raw: 'raw (HTTP read, no decoding)',
  sdk: 'sdk (bare client-lambda loop)',
  core: 'core (direct decoder, null sink)',
  'core-sdk': "core (decoder: 'sdk')",
  document: 'core→document',
  file: 'core→file',
  botocore: 'botocore',
};

const SHAPE_TITLES: Record<string, string> = {
  '64k': '100 MiB in 64 KiB chunks',
  '1m': '100 MiB in 1 MiB chunks',
  tiny: '100,000 chunks of 100 bytes',
};

/** `412 [398–430]`, or `–` when the figure is missing. */
export function cell(figure: Figure | undefined): string {
  if (!figure) return '–';
  const median = roundFigure(figure.median);
  if (figure.runs === 1 || figure.min === figure.max) return `${median}`;
  return `${median} [${roundFigure(figure.min)}–${roundFigure(figure.max)}]`;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The matrix of one stream shape (`64k`, `1m`, `tiny`). */
export function shapeTable(figures: Figures, shape: string): string {
  const tiny = shape === 'tiny';
  const cpu = (contender: Contender) =>
    figures[tiny ? `cpu_us_per_chunk.${contender}` : `cpu_us_per_chunk.${contender}.${shape}`];
  const rows = CONTENDERS.filter((contender) => figures[`throughput.${contender}.${shape}`]).map((contender) => [
    LABELS[contender],
    cell(figures[tiny ? `chunks_per_s.${contender}.tiny` : `throughput.${contender}.${shape}`]),
    contender === 'raw' ? '1' : cell(figures[`ratio.${contender}_raw.${shape}`]),
    cell(cpu(contender)),
    cell(figures[`rss_mb.${contender}.${shape}`]),
    cell(figures[`rss_growth_mb.${contender}.${shape}`]),
  ]);
  const title = `**${SHAPE_TITLES[shape] ?? shape}**`;
  return `${title}\n\n${table(['contender', tiny ? 'chunks/s' : 'MB/s', '× raw', 'CPU µs/chunk', 'peak RSS MiB', 'RSS growth MiB'], rows)}`;
}

/** Every figure not shown in the matrices, by name. */
export function otherFiguresTable(figures: Figures): string {
  const inMatrix =
    /^(throughput\.[^.]+\.(64k|1m|tiny)|chunks_per_s\.|cpu_us_per_chunk\.|ratio\.[^.]+_raw\.|rss_mb\.[^.]+\.(64k|1m|tiny)|rss_growth_mb\.[^.]+\.(64k|1m|tiny))/;
  const rows = Object.entries(figures)
    .filter(([name]) => !inMatrix.test(name) || name === 'cpu_us_per_chunk.core' || name === 'ratio.core_raw.64k')
    .map(([name, figure]) => [`\`${name}\``, cell(figure), figure.unit, String(figure.runs)]);
  return table(['figure', 'median [min–max]', 'unit', 'runs'], rows);
}

/** The targets with the measured medians and PASS / MISS. */
export function targetsTable(figures: Figures, targets: readonly Target[]): string {
  const rows = targets.map((target) => [
    target.text,
    `\`${target.figure}\``,
    cell(figures[target.figure]),
    targetStatus(target, figures),
  ]);
  return table(['target', 'figure', 'measured', 'status'], rows);
}

/** The whole report. */
export function renderReport(
  figures: Figures,
  targets: readonly Target[],
  machine: string,
  notes: readonly string[],
): string {
  const parts = [`Machine: ${machine}. Each cell: median [min–max] over the runs.`];
  for (const shape of ['64k', '1m', 'tiny'])
    if (figures[`throughput.raw.${shape}`] || figures[`throughput.core.${shape}`])
      parts.push(shapeTable(figures, shape));
  parts.push(`**Other figures**\n\n${otherFiguresTable(figures)}`);
  parts.push(`**Targets**\n\n${targetsTable(figures, targets)}`);
  if (notes.length > 0) parts.push(`**Notes**\n\n${notes.map((note) => `- ${note}`).join('\n')}`);
  return parts.join('\n\n');
}
