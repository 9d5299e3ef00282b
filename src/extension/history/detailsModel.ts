/**
 * What the Invocation Details view shows, computed from a record: the facts (target, payload, outcome, ids), the
 * metrics as people read them, and the chart's data (bytes received over time, one mark per chunk, the time to
 * headers and to the first byte, the longest pause). Plain data and no `vscode`: the webview script only draws it,
 * and a unit test checks the wording.
 */
import { formatBytes } from '../../core/engine/metrics';
import { formatCount, formatDuration } from '../../core/response/responseSummary';
import { type InvocationRecord, payloadDescription, type RecordStatus } from './invocationRecord';

/** One labelled value. */
export interface DetailsFact {
  readonly label: string;
  readonly value: string;
}

/** The chart's data; times in milliseconds since the invocation began. */
export interface DetailsChart {
  readonly durationMs: number;
  readonly totalBytes: number;
  readonly timeToHeadersMs?: number;
  readonly timeToFirstByteMs?: number;
  /** `[atMs, totalBytes, bytes, firstChunkIndex, chunks]` per mark. */
  readonly points: readonly (readonly [number, number, number, number, number])[];
  readonly longestPause?: { readonly fromMs: number; readonly toMs: number; readonly text: string };
  /** Where the invocation ended badly (the chart marks it), if it did. */
  readonly endedBadly: boolean;
}

/** Everything the view renders. */
export interface DetailsModel {
  readonly key: string;
  readonly title: string;
  readonly status: RecordStatus;
  readonly sentence: string;
  readonly facts: readonly DetailsFact[];
  readonly metrics: readonly DetailsFact[];
  readonly chart: DetailsChart;
  readonly detail?: string;
  readonly logTail?: string;
}

/** Pauses shorter than this are not worth pointing at. */
const NOTABLE_PAUSE_MS = 50;

/** The view's model for a record. */
export function detailsModel(record: InvocationRecord): DetailsModel {
  const { metrics, timeline } = record;
  const gap = timeline.longestGap;
  const pause =
    gap && gap.toMs - gap.fromMs >= NOTABLE_PAUSE_MS
      ? {
          fromMs: gap.fromMs,
          toMs: gap.toMs,
          text: `Longest pause: ${formatDuration(gap.toMs - gap.fromMs)} after chunk ${gap.afterChunk + 1}${gap.untilEnd ? (record.status === 'running' ? ', still waiting' : ', until the end') : ''} (at ${formatDuration(gap.fromMs)})`,
        }
      : undefined;
  const optional = (label: string, value: string | number | undefined): DetailsFact[] =>
    value === undefined || value === '' ? [] : [{ label, value: String(value) }];
  return {
    key: record.key,
    title: `${record.targetLabel} #${record.id}`,
    status: record.status,
    sentence:
      record.status === 'succeeded'
        ? `${record.targetLabel} completed.`
        : record.status === 'running'
          ? `${record.targetLabel} is running…`
          : record.sentence,
    facts: [
      { label: 'Target', value: record.targetLabel },
      { label: 'Connection', value: record.connectionLabel },
      { label: 'Payload', value: payloadDescription(record) },
      { label: 'Started', value: new Date(record.startedAt).toLocaleString('en-GB') },
      ...optional('Executed version', record.executedVersion),
      ...optional('HTTP status', record.statusCode),
      ...optional('Content type', record.contentType),
      ...optional('Request id', record.requestId),
      ...optional('Error code', record.errorCode),
    ],
    metrics: [
      ...optional(
        'Time to headers',
        metrics.timeToHeadersMs === undefined ? undefined : formatDuration(metrics.timeToHeadersMs),
      ),
      ...optional(
        'Time to first byte',
        metrics.timeToFirstByteMs === undefined ? undefined : formatDuration(metrics.timeToFirstByteMs),
      ),
      { label: 'Duration', value: formatDuration(metrics.durationMs) },
      { label: 'Output', value: `${formatBytes(metrics.bytes)} (${formatCount(metrics.bytes, 'byte')})` },
      { label: 'Chunks', value: metrics.chunks.toLocaleString('en-US') },
      ...optional(
        'Throughput',
        metrics.throughputBytesPerSecond === undefined
          ? undefined
          : `${formatBytes(metrics.throughputBytesPerSecond)}/s`,
      ),
      ...(pause ? [{ label: 'Longest pause', value: pause.text.replace(/^Longest pause: /, '') }] : []),
    ],
    chart: {
      durationMs: Math.max(metrics.durationMs, timeline.points.at(-1)?.atMs ?? 0),
      totalBytes: timeline.points.at(-1)?.total ?? 0,
      timeToHeadersMs: metrics.timeToHeadersMs,
      timeToFirstByteMs: metrics.timeToFirstByteMs,
      points: timeline.points.map(
        (point) => [round(point.atMs), point.total, point.bytes, point.index, point.chunks] as const,
      ),
      longestPause: pause,
      endedBadly: record.status === 'failed' || record.status === 'functionError' || record.status === 'cancelled',
    },
    detail: record.detail,
    logTail: record.logTail,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
