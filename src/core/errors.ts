/**
 * The one place where failures are classified. Every failure an invocation or a listing can meet (local validation,
 * credentials, network, a Lambda exception, a broken stream, cancellation) becomes an {@link ErrorClassification}:
 * a stable code, one sentence a person understands, the details for a log, and the actions that fix it, as data.
 * The CLI and the VS Code layer only render these; they never inspect SDK errors themselves.
 */
import type { InvokeMetrics } from './events';
import { classifyClientSideError } from './clientErrors';
import { classifyServiceError, isServiceErrorName } from './serviceErrors';

/** What kind of failure this is; the CLI maps it to its exit code, the extension to how loudly it reports. */
export type ErrorCategory = 'validation' | 'credentials' | 'network' | 'service' | 'stream' | 'function' | 'cancelled';

/** Something a person can do about a failure; the extension turns each into a button, the CLI into a hint line. */
export type ErrorAction =
  | { readonly kind: 'selectProfile' }
  | { readonly kind: 'ssoLogin'; readonly profile?: string; readonly command: string }
  | { readonly kind: 'awsLogin'; readonly profile?: string; readonly command: string }
  | { readonly kind: 'selectRegion' }
  | { readonly kind: 'retry' }
  | { readonly kind: 'retryAfter'; readonly seconds: number }
  | { readonly kind: 'chooseFunction' }
  | { readonly kind: 'refreshFunctions' }
  | { readonly kind: 'reducePayload'; readonly bytes?: number; readonly limit: number }
  | { readonly kind: 'fixPayload'; readonly line?: number; readonly column?: number }
  | { readonly kind: 'editOption'; readonly option: 'qualifier' | 'clientContext' | 'tenantId' | 'functionName' | 'endpoint' }
  | { readonly kind: 'copyPermission'; readonly permission: string; readonly resource?: string }
  | { readonly kind: 'openConsole'; readonly url: string }
  | { readonly kind: 'showLog' }
  | { readonly kind: 'checkEndpoint'; readonly endpoint?: string }
  | { readonly kind: 'checkClock' };

/** A classified failure. */
export interface ErrorClassification {
  /** Stable identifier: the exception name for Lambda's own errors (`ResourceNotFoundException`), else ours (`NoCredentials`). */
  readonly code: string;
  readonly category: ErrorCategory;
  /** One sentence, ending with a full stop. */
  readonly message: string;
  /** The underlying text (service message, error string) for a log or details view. */
  readonly detail?: string;
  readonly actions: readonly ErrorAction[];
  /** For throttling: how long Lambda asked us to wait. */
  readonly retryAfterSeconds?: number;
  /** The exception name as Lambda or the SDK gave it. */
  readonly exceptionName?: string;
  readonly statusCode?: number;
  readonly requestId?: string;
}

/** What the classifier may know about the failed operation, to make sentences and actions concrete. */
export interface ErrorContext {
  readonly functionName?: string;
  readonly qualifier?: string;
  readonly region?: string;
  readonly profile?: string;
  /** Set for custom-endpoint connections. */
  readonly endpoint?: string;
  /** What was being done; defaults to `invoke`. */
  readonly operation?: 'invoke' | 'list';
  /** For `list`: the Lambda API call that failed (its IAM action is `lambda:` + this name), when known. */
  readonly apiOperation?: ListingOperation;
  /** `stream`: the response had started (output may be partial). Defaults to `request`. */
  readonly phase?: 'request' | 'stream';
  /** Size of the payload that was sent, for size-related errors. */
  readonly payloadBytes?: number;
  /** Content type of an error response, when its body could not be read as a Lambda error. */
  readonly responseContentType?: string;
}

/** The read-only Lambda API calls the listings make. */
export type ListingOperation = 'ListFunctions' | 'ListAliases' | 'ListVersionsByFunction' | 'GetFunctionUrlConfig';

/** The single error type the core throws: a classification, the original error, and any partial metrics. */
export class LambdaStreamError extends Error {
  override readonly name = 'LambdaStreamError';
  readonly classification: ErrorClassification;
  /** Figures up to the failure (bytes and chunks already delivered, time to first byte). */
  readonly metrics?: InvokeMetrics;

  constructor(classification: ErrorClassification, options: { cause?: unknown; metrics?: InvokeMetrics } = {}) {
    super(classification.message, { cause: options.cause });
    this.classification = classification;
    this.metrics = options.metrics;
  }

  /** Shorthand for `classification.code`. */
  get code(): string {
    return this.classification.code;
  }
}

/**
 * Classifies any thrown value. A `LambdaStreamError` keeps its classification; SDK service exceptions use the
 * catalogue in `serviceErrors.ts`; credentials, network, stream and cancellation failures `clientErrors.ts`.
 */
export function classifyError(error: unknown, context: ErrorContext = {}): ErrorClassification {
  if (error instanceof LambdaStreamError) return error.classification;
  const name = error instanceof Error ? error.name : undefined;
  const hasMetadata = typeof error === 'object' && error !== null && '$fault' in error;
  if (hasMetadata || (name !== undefined && isServiceErrorName(name))) {
    return classifyServiceError(error as ServiceErrorLike, context);
  }
  return classifyClientSideError(error, context);
}

/** Wraps any thrown value as a `LambdaStreamError` (unchanged when it already is one). */
export function toLambdaStreamError(error: unknown, context: ErrorContext = {}, metrics?: InvokeMetrics): LambdaStreamError {
  if (error instanceof LambdaStreamError) {
    return metrics && !error.metrics ? new LambdaStreamError(error.classification, { cause: error.cause, metrics }) : error;
  }
  return new LambdaStreamError(classifyError(error, context), { cause: error, metrics });
}

/** A local validation failure: nothing was sent. */
export function validationError(code: string, message: string, actions: readonly ErrorAction[] = [], detail?: string): LambdaStreamError {
  return new LambdaStreamError({ code, category: 'validation', message, actions, detail });
}

/**
 * Classifies a function failure reported at the end of a stream (`InvokeComplete.ErrorCode`) or by a buffered
 * invocation (`X-Amz-Function-Error`). It is not thrown: the output is valid up to that point.
 */
export function classifyFunctionFailure(failure: { errorCode?: string; errorDetails?: string; chunks?: number }): ErrorClassification {
  const errorCode = failure.errorCode ?? 'Unhandled';
  const details = failure.errorDetails?.trim();
  const after = failure.chunks ? ` after ${failure.chunks} chunk${failure.chunks === 1 ? '' : 's'}` : '';
  const actions: ErrorAction[] = [{ kind: 'showLog' }, { kind: 'retry' }];
  if (errorCode === 'Sandbox.Timedout') {
    return { code: 'FunctionTimeout', category: 'function', message: `The function timed out${after}.`, detail: details, actions, exceptionName: errorCode };
  }
  if (errorCode === 'Function.ResponseSizeTooLarge') {
    const message = `The function's response exceeded Lambda's size limit${after}.`;
    return { code: 'ResponseTooLarge', category: 'function', message, detail: details, actions, exceptionName: errorCode };
  }
  const reason = details ? `: ${firstLine(details)}` : '';
  const message = `The function failed${after} with ${errorCode}${reason}.`.replace(/\.\.$/, '.');
  return { code: 'FunctionError', category: 'function', message, detail: details, actions, exceptionName: errorCode };
}

/** The shape of an SDK service exception, as far as the classifier reads it. */
export interface ServiceErrorLike {
  readonly name: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
  readonly $response?: { readonly headers?: Record<string, string | undefined> };
  readonly retryAfterSeconds?: string;
  readonly Reason?: string;
  readonly EC2ErrorCode?: string;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0];
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
