/**
 * The one place where failures are classified. Every failure an invocation or a listing can meet (local validation,
 * credentials, network, a Lambda exception, a broken stream, cancellation) becomes an {@link ErrorClassification}:
 * a stable code, one sentence a person understands, the details for a log, and the actions that fix it, as data.
 * The CLI and the VS Code layer only render these; they never inspect SDK errors themselves.
 */
import type { InvokeMetrics } from '../engine/events';
import { classifyClientSideError } from './clientErrors';
import { classifyServiceError, isServiceErrorName } from './serviceErrors';
import {
  type ErrorAction,
  type ErrorClassification,
  type ErrorContext,
  LambdaStreamError,
  type ServiceErrorLike,
} from './types';

export type {
  ErrorAction,
  ErrorCategory,
  ErrorClassification,
  ErrorContext,
  ListingOperation,
  ServiceErrorLike,
} from './types';
export { LambdaStreamError } from './types';

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
export function toLambdaStreamError(
  error: unknown,
  context: ErrorContext = {},
  metrics?: InvokeMetrics,
): LambdaStreamError {
  if (error instanceof LambdaStreamError) {
    return metrics && !error.metrics
      ? new LambdaStreamError(error.classification, { cause: error.cause, metrics })
      : error;
  }
  return new LambdaStreamError(classifyError(error, context), { cause: error, metrics });
}

/** A local validation failure: nothing was sent. */
export function validationError(
  code: string,
  message: string,
  actions: readonly ErrorAction[] = [],
  detail?: string,
): LambdaStreamError {
  return new LambdaStreamError({ code, category: 'validation', message, actions, detail });
}

/**
 * Classifies a function failure reported at the end of a stream (`InvokeComplete.ErrorCode`) or by a buffered
 * invocation (`X-Amz-Function-Error`). It is not thrown: the output is valid up to that point.
 */
export function classifyFunctionFailure(failure: {
  errorCode?: string;
  errorDetails?: string;
  chunks?: number;
}): ErrorClassification {
  const errorCode = failure.errorCode ?? 'Unhandled';
  const details = failure.errorDetails?.trim();
  const after = failure.chunks ? ` after ${failure.chunks} chunk${failure.chunks === 1 ? '' : 's'}` : '';
  if (errorCode.startsWith(FUNCTION_URL_ERROR_PREFIX)) return classifyUrlStatus(errorCode, details);
  const actions: ErrorAction[] = [{ kind: 'showLog' }, { kind: 'retry' }];
  if (errorCode === 'Sandbox.Timedout') {
    return {
      code: 'FunctionTimeout',
      category: 'function',
      message: `The function timed out${after}.`,
      detail: details,
      actions,
      exceptionName: errorCode,
    };
  }
  if (errorCode === 'Function.ResponseSizeTooLarge') {
    const message = `The function's response exceeded Lambda's size limit${after}.`;
    return {
      code: 'ResponseTooLarge',
      category: 'function',
      message,
      detail: details,
      actions,
      exceptionName: errorCode,
    };
  }
  const reason = details ? `: ${firstLine(details)}` : '';
  const message = `The function failed${after} with ${errorCode}${reason}.`.replace(/([.!?])\.$/, '$1');
  return { code: 'FunctionError', category: 'function', message, detail: details, actions, exceptionName: errorCode };
}

/** The `complete.errorCode` of a function-URL answer with a status that is not 2xx: `FunctionUrl.403`. */
export const FUNCTION_URL_ERROR_PREFIX = 'FunctionUrl.';
/** Appended to such an answer's details when the request went unsigned, so a 403 can say to sign it. */
export const UNSIGNED_NOTE = ' (the request was not signed)';

/** What a function URL's error status means, in one sentence, with what fixes it. The body was shown as output. */
function classifyUrlStatus(errorCode: string, details: string | undefined): ErrorClassification {
  const statusCode = Number(errorCode.slice(FUNCTION_URL_ERROR_PREFIX.length));
  const base = { category: 'function' as const, detail: details, exceptionName: errorCode, statusCode };
  switch (statusCode) {
    case 401:
    case 403: {
      const unsigned = details?.endsWith(UNSIGNED_NOTE.trim()) === true;
      return {
        ...base,
        code: 'FunctionUrlForbidden',
        category: 'credentials',
        message: unsigned
          ? `The function URL refused the unsigned request (HTTP ${statusCode}): its AuthType is probably AWS_IAM, so sign the request (SigV4) with credentials allowed lambda:InvokeFunctionUrl.`
          : `The function URL refused the request (HTTP ${statusCode}): a URL with AuthType AWS_IAM needs a request signed by credentials allowed lambda:InvokeFunctionUrl.`,
        actions: unsigned
          ? [{ kind: 'signRequest' }]
          : [{ kind: 'copyPermission', permission: 'lambda:InvokeFunctionUrl' }, { kind: 'selectProfile' }],
      };
    }
    case 404:
      return {
        ...base,
        code: 'FunctionUrlNotFound',
        message: 'Nothing answers at this function URL (HTTP 404): check the URL and the path.',
        actions: [{ kind: 'refreshFunctions' }],
      };
    case 413:
      return {
        ...base,
        code: 'RequestTooLarge',
        category: 'validation',
        message: 'The request is over the function URL limit of 6 MB (HTTP 413): send a smaller body.',
        actions: [{ kind: 'reducePayload', limit: 6 * 1024 * 1024 }],
      };
    case 429:
      return {
        ...base,
        code: 'TooManyRequestsException',
        category: 'service',
        message: 'The function is throttled (HTTP 429): too many invocations run at once; try again in a moment.',
        actions: [{ kind: 'retry' }],
      };
    case 502:
      return {
        ...base,
        code: 'FunctionUrlBadGateway',
        message:
          'The function failed, or returned a response its URL cannot turn into HTTP (HTTP 502): see the function log.',
        actions: [{ kind: 'showLog' }, { kind: 'retry' }],
      };
    default:
      return {
        ...base,
        code: 'FunctionUrlError',
        message: `The function URL answered HTTP ${statusCode}${details ? `: ${firstLine(details)}` : '.'}`.replace(
          /([^.])$/,
          '$1.',
        ),
        actions: [{ kind: 'retry' }],
      };
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0];
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
