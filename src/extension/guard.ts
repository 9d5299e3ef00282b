/**
 * Keeps a failure in a command handler or in activation from passing silently: whatever a handler throws, or the
 * promise it returns rejects with, becomes one sentence for the person and a log entry with the stack, and the
 * command resolves to `undefined`. Plain TypeScript with the reporting injected, so it is unit-tested without VS Code.
 */
import { errorMessageWithoutSecrets } from '../core/errors/redaction';

/** Where a caught failure is told: `sentence` for the person, `error` (with its stack) for the log. */
export type FailureReport = (sentence: string, error: unknown) => void;

/** The sentence for a failure of `what` (a command's title, or "activation"). */
export function failureSentence(what: string, error: unknown): string {
  const message =
    errorMessageWithoutSecrets(error)
      .trim()
      .replace(/[.!?]+$/, '') || 'an unknown error';
  return `Lambda Stream: ${what} failed: ${message}. The extension log (Lambda Stream: Show Extension Log) has the details.`;
}

/** Wraps a handler: its result is returned as it is; a throw or a rejection is reported and resolves to undefined. */
export function guard<Args extends unknown[], Result>(
  what: string,
  handler: (...args: Args) => Result,
  report: FailureReport,
): (...args: Args) => Result | Promise<Awaited<Result> | undefined> | undefined {
  return (...args: Args) => {
    try {
      const result = handler(...args);
      if (isThenable(result)) {
        return Promise.resolve(result).then(
          (value) => value as Awaited<Result>,
          (error: unknown) => {
            report(failureSentence(what, error), error);
            return undefined;
          },
        );
      }
      return result;
    } catch (error) {
      report(failureSentence(what, error), error);
      return undefined;
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
