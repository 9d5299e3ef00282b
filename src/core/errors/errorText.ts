/**
 * Small pieces the classifiers share: naming the target in a sentence, the console link for a function, the
 * Retry-After value of a throttling error, and the readable part of an error message.
 */
import { redactSecrets } from './redaction';
import type { ErrorAction, ErrorContext, ServiceErrorLike } from './types';

const ARN = /^arn:(aws[a-zA-Z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::(.+))?$/;

/** `function 'name:qualifier'`, for use inside a sentence. */
export function describeTarget(context: ErrorContext): string {
  if (!context.functionName) return 'the function';
  const qualifier = context.qualifier ? `:${context.qualifier}` : '';
  return `function '${context.functionName}${qualifier}'`;
}

/** Upper-cases the first letter, for a phrase that starts a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The AWS console page of the function, for an AWS connection whose region is known (from the context or the ARN).
 * Custom endpoints have no console.
 */
export function consoleUrl(context: ErrorContext): string | undefined {
  if (context.endpoint || !context.functionName) return undefined;
  const arn = ARN.exec(context.functionName);
  const region = arn?.[2] ?? context.region;
  const name = arn?.[4] ?? context.functionName.split(':').pop() ?? context.functionName;
  if (!region) return undefined;
  const path = `lambda/home?region=${region}#/functions/${encodeURIComponent(name)}`;
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn/${path}`;
  if (region.startsWith('us-gov-')) return `https://console.amazonaws-us-gov.com/${path}`;
  return `https://${region}.console.aws.amazon.com/${path}`;
}

/** `[openConsole]` when a console URL exists, else nothing. */
export function consoleAction(context: ErrorContext): readonly ErrorAction[] {
  const url = consoleUrl(context);
  return url ? [{ kind: 'openConsole', url }] : [];
}

/**
 * Seconds to wait before retrying, from the modeled `retryAfterSeconds` (the `Retry-After` header, seconds or an
 * HTTP date) or the `x-amz-retry-after` header (milliseconds). Undefined when the service gave none.
 */
export function parseRetryAfter(error: ServiceErrorLike, now: number = Date.now()): number | undefined {
  const headers = error.$response?.headers ?? {};
  const value = error.retryAfterSeconds ?? header(headers, 'retry-after');
  if (value !== undefined && value.trim() !== '') {
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const milliseconds = Number(header(headers, 'x-amz-retry-after'));
  return Number.isFinite(milliseconds) && milliseconds > 0 ? Math.ceil(milliseconds / 1000) : undefined;
}

/**
 * The readable part of an error message: the SDK's hint about `$response` removed, a JSON body
 * (`{"Type":"Service","Message":"…"}`, as exception frames carry) reduced to its message, and secrets masked
 * (see {@link redactSecrets}): this text goes to logs, the terminal and the extension's notifications.
 */
export function extractMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const text = redactSecrets(message)
    .replace(/\n\s*Deserialization error:[\s\S]*$/, '')
    .trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const inner = parsed.Message ?? parsed.message ?? parsed.errorMessage;
      if (typeof inner === 'string') return inner;
    } catch {
      // not JSON after all: keep the text
    }
  }
  return text === 'UnknownError' ? undefined : text;
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}
