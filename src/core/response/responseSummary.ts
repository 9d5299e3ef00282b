/**
 * The words around a response, shared by every place that shows one (the output channel, the live document, the
 * CLI if it wants them): a header naming what was invoked, the HTTP prelude as readable headers, a footer with the
 * figures and the outcome, and the log tail as its own block. Plain lines without any comment syntax; the caller
 * decides how to set them apart from the function's own output.
 */
import { classifyFunctionFailure, type ErrorClassification } from '../errors/classify';
import type { CompleteEvent, HttpPreludeEvent, InvokeLog, InvokeMetrics, StartedEvent } from '../engine/events';

/** What was invoked, for the header line. */
export interface InvocationDescription {
  readonly functionName: string;
  readonly qualifier?: string;
  /** A short label of the connection, e.g. `Local` or `dev (eu-west-1)`. */
  readonly connection: string;
  readonly startedAt: Date;
  /** Where the payload came from, e.g. `payloads/hello.json (34 bytes)` or `empty (the function receives {})`. */
  readonly payload?: string;
  readonly dryRun?: boolean;
}

/** How an invocation ended. A function failure reported by the stream is `completed` with an `errorCode`. */
export type InvocationOutcome =
  | { readonly kind: 'completed'; readonly complete: CompleteEvent }
  | { readonly kind: 'failed'; readonly error: ErrorClassification; readonly metrics?: InvokeMetrics }
  | { readonly kind: 'cancelled'; readonly metrics?: InvokeMetrics };

/** The sentence a cancellation always carries: the request stops, the function may not. */
export const CANCEL_NOTE = 'The function may keep running in Lambda, and it is billed until it ends.';
/** The same, short enough for a notification toast. */
export const SHORT_CANCEL_NOTE = 'It may keep running in Lambda, billed until it ends.';

/** `name:qualifier`, the way people write a target. */
export function targetLabel(description: Pick<InvocationDescription, 'functionName' | 'qualifier'>): string {
  return description.qualifier ? `${description.functionName}:${description.qualifier}` : description.functionName;
}

/** `token-stream:live · Local · 05:40:01 · payload hello.json (34 bytes) · dry run` */
export function headerLine(description: InvocationDescription): string {
  const parts = [targetLabel(description), description.connection, clockTime(description.startedAt)];
  if (description.payload) parts.push(`payload ${description.payload}`);
  if (description.dryRun) parts.push('dry run');
  return parts.join(' · ');
}

/** `HTTP 200` then one `name: value` line per header and cookie, as a function URL would send them. */
export function preludeLines(prelude: HttpPreludeEvent): string[] {
  const lines = [`HTTP ${prelude.statusCode ?? 200}`];
  for (const [name, value] of Object.entries(prelude.headers)) lines.push(`${name}: ${value}`);
  for (const cookie of prelude.cookies) lines.push(`set-cookie: ${cookie}`);
  return lines;
}

/** The content type a prelude declares for the body (header names are case-insensitive). */
export function preludeContentType(prelude: HttpPreludeEvent): string | undefined {
  const entry = Object.entries(prelude.headers).find(([name]) => name.toLowerCase() === 'content-type');
  return entry?.[1];
}

/** The footer: the outcome and the figures (one line on success), then indented details (error code, details). */
export function footerLines(outcome: InvocationOutcome, started: StartedEvent | undefined): string[] {
  switch (outcome.kind) {
    case 'completed': {
      const { complete } = outcome;
      const figures = figuresText(started, complete.metrics);
      if (complete.errorCode === undefined && complete.functionError === undefined)
        return [`── completed · ${figures}`];
      const failure = classifyFunctionFailure({
        errorCode: complete.errorCode ?? complete.functionError,
        errorDetails: complete.errorDetails,
        chunks: complete.metrics.chunks,
      });
      const lines = [
        `── failed: ${failure.message}`,
        `   ${figures}`,
        `   ErrorCode: ${complete.errorCode ?? complete.functionError}`,
      ];
      if (complete.errorDetails) lines.push(...indent('ErrorDetails: ', complete.errorDetails));
      return lines;
    }
    case 'failed': {
      const { error } = outcome;
      const lines = [`── failed: ${error.message}`];
      if (outcome.metrics && started) lines.push(`   ${figuresText(started, outcome.metrics)}`);
      lines.push(`   Code: ${error.code}${error.requestId ? ` · RequestId: ${error.requestId}` : ''}`);
      if (error.detail && error.detail !== error.message) lines.push(...indent('Detail: ', error.detail));
      return lines;
    }
    case 'cancelled': {
      const received = outcome.metrics
        ? ` after ${formatCount(outcome.metrics.bytes, 'byte')} in ${formatCount(outcome.metrics.chunks, 'chunk')}`
        : '';
      return [`── cancelled${received}. ${CANCEL_NOTE}`];
    }
  }
}

/** The log tail as its own block: a title line, then the log's lines. */
export function logLines(log: InvokeLog): string[] {
  if (log.kind === 'cloudWatch') return ['── log ──', `CloudWatch Logs: ${log.logGroup} ${log.logStreamName}`];
  return ['── log tail ──', ...log.text.replace(/\r?\n$/, '').split(/\r?\n/)];
}

/** `version $LATEST · status 200 · text/plain · first byte 12 ms · 1,234 bytes · 57 chunks · 1.34 s` */
export function figuresText(started: StartedEvent | undefined, metrics: InvokeMetrics): string {
  const parts: string[] = [];
  if (started?.executedVersion) parts.push(`version ${started.executedVersion}`);
  if (started) parts.push(`status ${started.statusCode}`);
  if (started?.contentType) parts.push(started.contentType);
  if (metrics.timeToFirstByteMs !== undefined) parts.push(`first byte ${formatDuration(metrics.timeToFirstByteMs)}`);
  parts.push(
    formatCount(metrics.bytes, 'byte'),
    formatCount(metrics.chunks, 'chunk'),
    formatDuration(metrics.durationMs),
  );
  return parts.join(' · ');
}

/** `1 chunk`, `1,234 bytes` */
export function formatCount(count: number, unit: string): string {
  return `${groupThousands(count)} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * `1234567` → `1,234,567`, as `toLocaleString('en-US')` writes a whole number, without it: its first call loads
 * ICU's locale data, some 40 ms of a CLI run that prints one summary line (`--cpu-prof`). Other numbers as `String`.
 */
export function groupThousands(count: number): string {
  const digits = String(count);
  return Number.isSafeInteger(count) ? digits.replace(/\B(?=(\d{3})+$)/g, ',') : digits;
}

/** `12 ms` below a second, `1.34 s` above, `2 min 5 s` above a minute. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function clockTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function indent(label: string, text: string): string[] {
  return text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((line, index) => `   ${index === 0 ? label : ' '.repeat(label.length)}${line}`);
}
