/**
 * Tells the user how an invocation ended when it needs their attention, in one sentence with the buttons that act
 * on it. The sentences and actions come from the core's classification (`src/core/errors.ts`); this file only turns
 * each action into a button. Details go to the extension log, never into the notification.
 * Notifications are not awaited: a message stays until dismissed, and the invocation is over already.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { classifyFunctionFailure, type ErrorAction, type ErrorClassification } from '../../core/errors';
import { formatBytes } from '../../core/metrics';
import { SHORT_CANCEL_NOTE } from '../../core/response/responseSummary';
import type { Invocation } from './invocation';

/** What the buttons do that needs the invoke feature itself. */
export interface OutcomeActions {
  rerun(invocation: Invocation): void;
  chooseAnotherFunction(invocation: Invocation): void;
  showOutput(invocation: Invocation): void;
  saveOutput(invocation: Invocation): void;
  openFullOutput(invocation: Invocation): void;
}

interface Button {
  readonly label: string;
  readonly run: () => unknown;
}

/** Shows the notification for an ended invocation, if it needs one (a plain success does not). */
export function notifyOutcome(invocation: Invocation, state: { binary: boolean; truncated: boolean }, actions: OutcomeActions): void {
  const outcome = invocation.outcome;
  if (!outcome) return;
  const label = invocation.label;
  if (outcome.kind === 'cancelled') {
    show('info', `Cancelled ${label}. ${SHORT_CANCEL_NOTE}`, [{ label: 'Show Output', run: () => actions.showOutput(invocation) }]);
    return;
  }
  const failure = outcome.kind === 'failed'
    ? outcome.error
    : outcome.complete.errorCode
      ? classifyFunctionFailure({ errorCode: outcome.complete.errorCode, errorDetails: outcome.complete.errorDetails, chunks: outcome.complete.metrics.chunks })
      : undefined;
  if (failure) {
    showFailure(invocation, failure, actions);
    return;
  }
  const save: Button = { label: 'Save Output As…', run: () => actions.saveOutput(invocation) };
  if (state.truncated) {
    show('info', `The response of ${label} is larger than the document limit; the document stops there and the full output is kept in a file.`, [
      { label: 'Open Full Output', run: () => actions.openFullOutput(invocation) },
      save,
    ]);
  } else if (state.binary) {
    show('info', `${label} returned ${formatBytes(invocation.bytes)} of binary output, which is not shown as text.`, [save]);
  } else if (invocation.request.choices.dryRun) {
    show('info', `Dry run of ${label} passed: the request is valid and allowed.`, []);
  }
}

function showFailure(invocation: Invocation, failure: ErrorClassification, actions: OutcomeActions): void {
  const message = failure.message.replace(/^The function\b/, invocation.label).replace(/^the function\b/, invocation.label);
  const buttons = uniqueByLabel([
    ...failure.actions.flatMap((action) => buttonFor(action, failure, invocation, actions)),
    { label: 'Show Output', run: () => actions.showOutput(invocation) },
  ]).slice(0, 3);
  show(failure.category === 'cancelled' ? 'info' : 'error', message, buttons);
}

/** The button for one action of a classification; none for actions that need no click. */
function buttonFor(action: ErrorAction, failure: ErrorClassification, invocation: Invocation, actions: OutcomeActions): Button[] {
  switch (action.kind) {
    case 'selectProfile':
      return [{ label: 'Select Profile', run: () => vscode.commands.executeCommand(commandId(Commands.selectConnection)) }];
    case 'selectRegion':
      return [{ label: 'Select Region', run: () => vscode.commands.executeCommand(commandId(Commands.selectConnection)) }];
    case 'ssoLogin':
    case 'awsLogin':
      return [{ label: 'Sign In', run: () => runInTerminal('AWS Sign In', action.command) }];
    case 'retry':
      return [{ label: failure.category === 'function' ? 'Re-run' : 'Retry', run: () => actions.rerun(invocation) }];
    case 'retryAfter':
      return [{ label: `Retry in ${action.seconds} s`, run: () => setTimeout(() => actions.rerun(invocation), action.seconds * 1000) }];
    case 'chooseFunction':
      return [{ label: 'Choose Another Function', run: () => actions.chooseAnotherFunction(invocation) }];
    case 'refreshFunctions':
      return [{ label: 'Refresh Functions', run: () => vscode.commands.executeCommand(commandId(Commands.refreshFunctions)) }];
    case 'showLog':
      return [{ label: 'Show Log', run: () => actions.showOutput(invocation) }];
    case 'copyPermission': {
      const text = action.resource ? `${action.permission} on ${action.resource}` : action.permission;
      return [{ label: 'Copy Permission', run: () => vscode.env.clipboard.writeText(text) }];
    }
    case 'openConsole':
      return [{ label: 'Open in Console', run: () => vscode.env.openExternal(vscode.Uri.parse(action.url)) }];
    case 'editOption':
      if (action.option === 'qualifier' || action.option === 'functionName') return [{ label: 'Choose Another Function', run: () => actions.chooseAnotherFunction(invocation) }];
      return [{ label: 'Open Settings', run: () => openSetting(action.option === 'endpoint' ? 'customEndpoints' : action.option) }];
    case 'checkEndpoint':
      return invocation.request.target.connection.kind === 'local'
        ? [{ label: 'Show Extension Log', run: () => vscode.commands.executeCommand(commandId(Commands.showLog)) }]
        : [{ label: 'Open Settings', run: () => openSetting('customEndpoints') }];
    case 'reducePayload':
    case 'fixPayload':
    case 'checkClock':
      return [];
  }
}

function show(severity: 'info' | 'error', message: string, buttons: readonly Button[]): void {
  const shown = severity === 'error'
    ? vscode.window.showErrorMessage(message, ...buttons.map((button) => button.label))
    : vscode.window.showInformationMessage(message, ...buttons.map((button) => button.label));
  void Promise.resolve(shown).then((choice) => buttons.find((button) => button.label === choice)?.run());
}

function uniqueByLabel(buttons: readonly Button[]): Button[] {
  const seen = new Set<string>();
  return buttons.filter((button) => !seen.has(button.label) && seen.add(button.label));
}

function runInTerminal(name: string, command: string): void {
  const terminal = vscode.window.createTerminal({ name });
  terminal.show();
  terminal.sendText(command);
}

function openSetting(key: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `lambdaStream.${key}`);
}
