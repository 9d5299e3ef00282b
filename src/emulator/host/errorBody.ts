/**
 * Lambda's Node.js runtime error object (`{errorType, errorMessage, trace}`) for anything a handler throws, and the
 * runtime's own error kinds (import failures, missing handler, unhandled rejections) with the names AWS uses.
 */
import type { ErrorBody } from '../hostProtocol';

/** The error object the Node.js runtime reports for a thrown value; non-Error values get `typeof` as their type. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/** A runtime-level failure (`Runtime.ImportModuleError` …) wrapping the underlying error's text and stack. */
export function runtimeError(errorType: string, cause: unknown): ErrorBody {
  const inner = toErrorBody(cause);
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return { errorType, errorMessage: text, trace: [`${errorType}: ${text}`, ...(inner.trace ?? []).slice(1)] };
}
