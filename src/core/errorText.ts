/**
 * Small pieces the classifiers share: naming the target in a sentence, the console link for a function, the
 * Retry-After value of a throttling error, and the readable part of an error message.
 */
import type { ErrorAction, ErrorContext, ServiceErrorLike } from './errors';

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
  const text = redactSecrets(message).replace(/\n\s*Deserialization error:[\s\S]*$/, '').trim();
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

const REDACTED = '[redacted]';
/** Environment variables whose values are credentials; their literal values are masked wherever they appear. */
const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_ACCESS_KEY_ID'];
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // The canonical request AWS echoes in InvalidSignatureException carries `x-amz-security-token:<session token>`.
  [/(x-amz-security-token\s*[:=]\s*)[^\s&'"\\,]+/gi, `$1${REDACTED}`],
  [/(authorization\s*[:=]\s*)[^\r\n'"]+/gi, `$1${REDACTED}`],
  [/(Credential=)[^/\s,'"]+/g, `$1${REDACTED}`],
  [/(Signature=)[0-9a-fA-F]{16,}/g, `$1${REDACTED}`],
  // Shared credentials file keys, environment assignments and credential_process JSON.
  [/((?:aws_)?(?:secret_access_key|session_token|security_token)\s*[=:]\s*)[^\s'",]+/gi, `$1${REDACTED}`],
  [/("(?:SecretAccessKey|SessionToken|secretAccessKey|sessionToken)"\s*:\s*)"[^"]*"/g, `$1"${REDACTED}"`],
  // Access key ids (long-term AKIA…, temporary ASIA…).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, REDACTED],
];

/** How many credential values {@link rememberCredentials} keeps (a few identities, each refreshed now and then). */
const REMEMBERED_LIMIT = 48;
/** Values shorter than this are not masked literally: they would mask ordinary words (LocalStack's `test`). */
const SHORTEST_LITERAL = 8;
/** Remembered credential values shorter than this are not masked: no real AWS credential is. */
const SHORTEST_REMEMBERED = 16;
const remembered: string[] = [];

/**
 * Records the credentials this process signs with, so that {@link redactSecrets} masks their literal values too,
 * wherever they appear and whatever surrounds them: no pattern recognises a session token an error quotes bare, and
 * a profile's keys are in no environment variable. The client factory calls it each time a provider resolves; the
 * most recent values are kept.
 */
export function rememberCredentials(credentials: { readonly accessKeyId?: string; readonly secretAccessKey?: string; readonly sessionToken?: string }): void {
  for (const value of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken]) {
    // Real keys are 16+ characters; emulator profiles use shorter dummy words (`localstack`) that must stay readable.
    if (!value || value.length < SHORTEST_REMEMBERED || remembered.includes(value)) continue;
    remembered.push(value);
    if (remembered.length > REMEMBERED_LIMIT) remembered.shift();
  }
}

/**
 * Masks credentials in a text meant for a person or a log: session tokens, `Authorization` headers, signatures,
 * access key ids, secret keys in `key = value` or JSON form, and the literal values of the AWS credential
 * environment variables and of every credential this process signed with (see {@link rememberCredentials}).
 * Lambda's InvalidSignatureException, for one, quotes the canonical request with the session token in it.
 */
export function redactSecrets(text: string): string {
  let result = text;
  const literals = [...SECRET_VARIABLES.map((name) => process.env[name]), ...remembered]
    .filter((value): value is string => value !== undefined && value.length >= SHORTEST_LITERAL)
    .sort((a, b) => b.length - a.length);
  for (const value of literals) result = result.split(value).join(REDACTED);
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** The message of any thrown value, secrets masked: for a log line or a sentence that quotes an error as it came. */
export function errorMessageWithoutSecrets(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
