/**
 * How the CLI shows what the core reports: a classified failure on stderr (the sentence, then the actions turned
 * into hints a terminal user can follow), the exit code for it, and `--json` lines (one object per event, one
 * `error` line on failure; chunks carry their text, or base64 once the output is binary). The sentences and actions
 * come from `src/core/errors/classify.ts`; nothing here inspects SDK errors.
 */
import type { ErrorAction, ErrorCategory, ErrorClassification } from '../core/errors/classify';
import type { InvokeEvent, InvokeMetrics } from '../core/engine/events';

/** Exit codes: 0 success, 1 the function failed, 2 usage or validation (nothing sent), 3 service/credentials/network. */
export const ExitCode = {
  ok: 0,
  functionFailed: 1,
  usage: 2,
  failure: 3,
  /** Ctrl-C, as shells report a process ended by SIGINT. */
  interrupted: 130,
} as const;

const OPTION_FLAGS = {
  qualifier: '--qualifier',
  clientContext: '--client-context',
  tenantId: '--tenant-id',
  functionName: 'the function name',
  endpoint: '--endpoint',
} as const;

/** The exit code for a classified failure. */
export function exitCodeFor(category: ErrorCategory): number {
  switch (category) {
    case 'validation':
      return ExitCode.usage;
    case 'function':
      return ExitCode.functionFailed;
    case 'cancelled':
      return ExitCode.interrupted;
    default:
      return ExitCode.failure;
  }
}

/** The stderr lines for a failure: the sentence, its code, the detail, then one hint per action. */
export function errorLines(error: ErrorClassification): string[] {
  const lines = [`lambda-stream: ${error.message}`];
  const facts = [error.code];
  if (error.statusCode) facts.push(`HTTP ${error.statusCode}`);
  if (error.requestId) facts.push(`RequestId ${error.requestId}`);
  lines.push(`  ${facts.join(' · ')}`);
  if (error.detail && error.detail !== error.message) {
    for (const line of error.detail.split(/\r?\n/).slice(0, 12)) lines.push(`  ${line}`);
  }
  for (const action of error.actions) {
    const hint = actionHint(action);
    if (hint) lines.push(`  → ${hint}`);
  }
  return lines;
}

/** One imperative line for an action, or undefined when the terminal has nothing to offer for it. */
export function actionHint(action: ErrorAction): string | undefined {
  switch (action.kind) {
    case 'selectProfile':
      return 'choose credentials with --profile NAME (profiles are listed in ~/.aws/config)';
    case 'ssoLogin':
    case 'awsLogin':
      return `sign in: ${action.command}`;
    case 'selectRegion':
      return 'choose a region with --region REGION or set AWS_REGION';
    case 'retry':
      return 'try again';
    case 'retryAfter':
      return `try again in ${action.seconds} s`;
    case 'chooseFunction':
      return 'check the function name; `lambda-stream list` shows the functions';
    case 'refreshFunctions':
      return undefined;
    case 'reducePayload':
      return `make the payload smaller than ${action.limit} bytes${action.bytes ? ` (it is ${action.bytes})` : ''}`;
    case 'fixPayload':
      return action.line
        ? `fix the payload JSON at line ${action.line}, column ${action.column}`
        : 'fix the payload JSON';
    case 'editOption':
      return `check ${OPTION_FLAGS[action.option]}`;
    case 'copyPermission':
      return `grant ${action.permission}${action.resource ? ` on ${action.resource}` : ''} to these credentials`;
    case 'openConsole':
      return `see the function in the console: ${action.url}`;
    case 'showLog':
      return 'run again with --log to see the log tail';
    case 'checkEndpoint':
      return `check that the endpoint${action.endpoint ? ` ${action.endpoint}` : ''} is running (\`lambda-stream serve\` starts the Local endpoint)`;
    case 'checkClock':
      return "correct this computer's clock";
    case 'signRequest':
      return 'sign the request: add --auth iam (with --profile for an AWS URL)';
  }
}

/** The JSON line for an event. */
export function eventJson(event: InvokeEvent): string {
  if (event.type === 'chunk') {
    const { bytes, text, index, offset, atMs } = event;
    const body =
      text === undefined
        ? { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') }
        : { text };
    return `${JSON.stringify({ type: 'chunk', index, offset, length: bytes.byteLength, atMs: round(atMs), ...body })}\n`;
  }
  if (event.type === 'started') return `${JSON.stringify({ ...event, atMs: round(event.atMs) })}\n`;
  return `${JSON.stringify(event)}\n`;
}

/** The JSON line for a failure. */
export function errorJson(error: ErrorClassification, metrics?: InvokeMetrics): string {
  return `${JSON.stringify({ type: 'error', ...error, ...(metrics ? { metrics } : {}) })}\n`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
