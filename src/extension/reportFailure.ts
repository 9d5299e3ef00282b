/**
 * How a caught failure (a command, activation, loading the features) is told: one sentence for the person, and the
 * error with its stack, credentials masked, in the extension's log. Small on purpose: the activation shell uses it.
 */
import * as vscode from 'vscode';
import { errorMessageWithoutSecrets } from '../core/errors/redaction';
import type { FailureReport } from './guard';

/** Shows the sentence and logs the error with its stack (masked). */
export function reportFailure(log: vscode.LogOutputChannel): FailureReport {
  return (sentence, error) => {
    const stack = error instanceof Error && error.stack ? `\n${errorMessageWithoutSecrets(error.stack)}` : '';
    log.error(`${sentence}${stack}`);
    void vscode.window.showErrorMessage(sentence);
  };
}
