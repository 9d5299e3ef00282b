/**
 * The words the Functions view shows for a function, alias or version: descriptions short enough for one line, and
 * tooltips that hold the details (ARN, last modified, memory, timeout). Plain strings and markdown text without
 * `vscode`, so they are tested in plain Node and read the same everywhere they appear.
 */
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';

/**
 * Whether a function is written to stream, as far as the service tells: its function URL's `InvokeMode`
 * (`RESPONSE_STREAM` or `BUFFERED`; the Local endpoint answers from the handler's `streamifyResponse`), `none` for a
 * function without a URL, `unknown` until the answer arrives or when it could not be read.
 */
export type StreamingMode = 'streaming' | 'buffered' | 'none' | 'unknown';

/** One line: `nodejs22.x · streams`. */
export function functionDescription(config: FunctionConfiguration, mode: StreamingMode): string {
  const runtime = config.Runtime ?? (config.PackageType === 'Image' ? 'container image' : undefined);
  return [runtime, modeWord(mode)].filter(Boolean).join(' · ');
}

/** The tooltip's markdown: what a person checks before invoking. */
export function functionTooltip(config: FunctionConfiguration, mode: StreamingMode, functionUrl?: string): string {
  const rows: [string, string | undefined][] = [
    ['ARN', config.FunctionArn && code(config.FunctionArn)],
    ['Runtime', config.Runtime ?? config.PackageType],
    ['Handler', config.Handler && code(config.Handler)],
    ['Response', modeSentence(mode)],
    ['Function URL', functionUrl],
    ['Memory', config.MemorySize !== undefined ? `${config.MemorySize} MB` : undefined],
    ['Timeout', config.Timeout !== undefined ? `${config.Timeout} s` : undefined],
    ['Last modified', formatLastModified(config.LastModified)],
  ];
  const title = `**${escapeMarkdown(config.FunctionName ?? '')}**${config.Description ? ` — ${escapeMarkdown(config.Description)}` : ''}`;
  return [title, '', ...rows.filter(([, value]) => value).map(([label, value]) => `${label}: ${value}  `)].join('\n');
}

/** An alias's line: `→ 3`, or with weighted routing `→ 3 (90%) · 4 (10%)`. */
export function aliasDescription(alias: AliasConfiguration): string {
  const weights = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
  if (weights.length === 0) return `→ ${alias.FunctionVersion ?? '?'}`;
  const extra = weights.reduce((sum, [, weight]) => sum + weight, 0);
  const parts = [[alias.FunctionVersion ?? '?', 1 - extra] as const, ...weights].map(
    ([version, weight]) => `${version} (${percent(weight)})`,
  );
  return `→ ${parts.join(' · ')}`;
}

/** An alias's tooltip markdown: its routing, description and ARN. */
export function aliasTooltip(alias: AliasConfiguration): string {
  const rows = [
    `**${escapeMarkdown(alias.Name ?? '')}** ${aliasDescription(alias)}`,
    '',
    alias.Description ? `${escapeMarkdown(alias.Description)}  ` : undefined,
    alias.AliasArn ? `ARN: ${code(alias.AliasArn)}  ` : undefined,
  ];
  return rows.filter((row) => row !== undefined).join('\n');
}

/**
 * A published version's line: its own description, else when it was published. A description that only repeats the
 * function's (what a version published without one may carry) is replaced by the date too.
 */
export function versionDescription(config: FunctionConfiguration, functionDescription?: string): string {
  const own = config.Description && config.Description !== functionDescription ? config.Description : undefined;
  return own || formatLastModified(config.LastModified) || '';
}

/** A version's tooltip markdown: its description, ARN and publication date. */
export function versionTooltip(config: FunctionConfiguration): string {
  const rows = [
    `**Version ${escapeMarkdown(config.Version ?? '')}**${config.Description ? ` — ${escapeMarkdown(config.Description)}` : ''}`,
    '',
    config.FunctionArn ? `ARN: ${code(config.FunctionArn)}  ` : undefined,
    config.LastModified ? `Published: ${formatLastModified(config.LastModified)}  ` : undefined,
  ];
  return rows.filter((row) => row !== undefined).join('\n');
}

/**
 * Lambda's timestamps (`2024-05-01T10:20:30.123+0000`) as `2024-05-01 10:20 UTC`; text that is not a date stays
 * as it is.
 */
export function formatLastModified(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (!Number.isFinite(time)) return value;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function modeWord(mode: StreamingMode): string | undefined {
  return mode === 'streaming' ? 'streams' : mode === 'buffered' ? 'buffered' : undefined;
}

function modeSentence(mode: StreamingMode): string {
  switch (mode) {
    case 'streaming':
      return 'streams (function URL InvokeMode RESPONSE_STREAM)';
    case 'buffered':
      return 'buffered: the response arrives in one piece';
    case 'none':
      return 'no function URL, so its streaming mode is not declared';
    case 'unknown':
      return 'streaming mode not known yet';
  }
}

function percent(weight: number): string {
  return `${Math.round(weight * 1000) / 10}%`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, '')}\``;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
