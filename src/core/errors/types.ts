/**
 * The shapes every error module shares: what a classified failure is, what can be done about it, what the classifier
 * may know of the failed call, and the one error type the core throws. Types and one class only, so the classifiers
 * (`classify.ts`, `clientErrors.ts`, `serviceErrors.ts`) and the text helpers import from here and never from each
 * other in a loop.
 */
import type { InvokeMetrics } from '../engine/events';

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
  | {
      readonly kind: 'editOption';
      readonly option: 'qualifier' | 'clientContext' | 'tenantId' | 'functionName' | 'endpoint';
    }
  | { readonly kind: 'copyPermission'; readonly permission: string; readonly resource?: string }
  | { readonly kind: 'openConsole'; readonly url: string }
  | { readonly kind: 'showLog' }
  | { readonly kind: 'checkEndpoint'; readonly endpoint?: string }
  | { readonly kind: 'checkClock' }
  /** A function-URL request went unsigned and was refused: sign it (SigV4). */
  | { readonly kind: 'signRequest' };

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
