/**
 * Tells the user how an invocation ended when it needs their attention, in one sentence with the buttons that act
 * on it. The sentence and the buttons come from `errorPresentation.ts` (the core's classification turned into
 * labels and intents); this file shows them, folds repeats of an open notice through the {@link NoticeGate}, and
 * carries a clicked button out. Details go to the extension log, never into the notification.
 * Notifications are not awaited: a message stays until dismissed, and the invocation is over already.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { classifyFunctionFailure, type ErrorClassification } from '../../core/errors/classify';
import { formatBytes } from '../../core/engine/metrics';
import { SHORT_CANCEL_NOTE } from '../../core/response/responseSummary';
import { choiceKey } from '../connections';
import { type FailureContext, type Notice, type NoticeIntent, presentFailure } from './errorPresentation';
import type { Invocation } from '../output/invocation';
import type { NoticeGate } from './noticeGate';

/** What the buttons do that needs the invoke feature itself. */
export interface OutcomeActions {
  rerun(invocation: Invocation): void;
  chooseAnotherFunction(invocation: Invocation): void;
  showOutput(invocation: Invocation): void;
  saveOutput(invocation: Invocation): void;
  openFullOutput(invocation: Invocation): void;
  showPayloadSize(invocation: Invocation, limit: number): void;
  showPayloadProblem(invocation: Invocation): void;
}

/** The notifications of one window: the gate that folds repeats, the log that keeps the details, the actions. */
export interface NoticeServices {
  readonly actions: OutcomeActions;
  readonly gate: NoticeGate;
  readonly log: vscode.LogOutputChannel;
}

interface Button {
  readonly label: string;
  readonly run: () => unknown;
}

/** Shows the notification for an ended invocation, if it needs one (a plain success does not), and records it. */
export function notifyOutcome(invocation: Invocation, services: NoticeServices): void {
  const { actions } = services;
  const state = invocation.shown;
  const outcome = invocation.outcome;
  if (!outcome) return;
  const label = invocation.label;
  if (outcome.kind === 'cancelled') {
    show(invocation, 'info', `Cancelled ${label}. ${SHORT_CANCEL_NOTE}`, [
      { label: 'Show Output', run: () => actions.showOutput(invocation) },
    ]);
    return;
  }
  const failure =
    outcome.kind === 'failed'
      ? outcome.error
      : outcome.complete.errorCode
        ? classifyFunctionFailure({
            errorCode: outcome.complete.errorCode,
            errorDetails: outcome.complete.errorDetails,
            chunks: outcome.complete.metrics.chunks,
          })
        : undefined;
  if (failure) {
    showFailure(invocation, failure, services);
    return;
  }
  const save: Button = { label: 'Save Output As…', run: () => actions.saveOutput(invocation) };
  if (state.truncated) {
    show(
      invocation,
      'info',
      `The response of ${label} is larger than the document limit; the document stops there and the full output is kept in a file.`,
      [{ label: 'Open Full Output', run: () => actions.openFullOutput(invocation) }, save],
    );
  } else if (state.binary) {
    show(
      invocation,
      'info',
      `${label} returned ${formatBytes(invocation.bytes)} of binary output, which is not shown as text.`,
      [save],
    );
  } else if (invocation.request.choices.dryRun) {
    show(invocation, 'info', `Dry run of ${label} passed: the request is valid and allowed.`, []);
  }
}

/** What the presentation needs to know about an invocation. */
export function failureContext(invocation: Invocation): FailureContext {
  const { target, payload } = invocation.request;
  const connection = target.connection;
  return {
    label: invocation.label,
    connectionKind: connection.kind,
    connectionKey: choiceKey(connection),
    functionName: target.functionName,
    qualifier: target.qualifier,
    functionArn: target.functionArn,
    profile: connection.kind === 'aws' ? connection.profile : undefined,
    region: connection.kind === 'aws' ? connection.region : undefined,
    hasPayloadDocument: payload.uri !== undefined,
    localEndpointGeneration: invocation.localEndpointGeneration,
  };
}

function showFailure(invocation: Invocation, failure: ErrorClassification, services: NoticeServices): void {
  const notice: Notice = presentFailure(failure, failureContext(invocation));
  const decision = services.gate.admit(notice.key);
  const labels = notice.buttons.map((button) => button.label);
  if (!decision.show) {
    services.log.info(
      `Invocation #${invocation.id} failed for the same reason as a notification still open (${failure.code}); not shown again (${decision.repeats} folded).`,
    );
    invocation.notice = { message: notice.message, buttons: labels, shown: false };
    return;
  }
  const buttons = notice.buttons.map((button) => ({
    label: button.label,
    run: () => carryOut(button.intent, invocation, services.actions),
  }));
  show(invocation, notice.severity, notice.message, buttons, decision.closed);
}

/** Does what a clicked button stands for. */
function carryOut(intent: NoticeIntent, invocation: Invocation, actions: OutcomeActions): unknown {
  switch (intent.kind) {
    case 'chooseFunction':
      return actions.chooseAnotherFunction(invocation);
    case 'refreshFunctions':
      return vscode.commands.executeCommand(commandId(Commands.refreshFunctions));
    case 'signIn':
      return vscode.commands.executeCommand(commandId(Commands.signIn), { profile: intent.profile });
    case 'selectProfile':
      return vscode.commands.executeCommand(commandId(Commands.selectConnection));
    case 'rerun':
      return actions.rerun(invocation);
    case 'rerunAfter':
      vscode.window.setStatusBarMessage(
        `Lambda Stream: retrying ${invocation.label} in ${intent.seconds} s…`,
        intent.seconds * 1000,
      );
      return setTimeout(() => actions.rerun(invocation), intent.seconds * 1000);
    case 'copyPermission':
      return vscode.env.clipboard
        .writeText(intent.statement)
        .then(() =>
          vscode.window.setStatusBarMessage(
            `Copied a policy statement allowing lambda:InvokeFunction on ${intent.resource}`,
            5000,
          ),
        );
    case 'showPayloadSize':
      return actions.showPayloadSize(invocation, intent.limit);
    case 'showPayloadProblem':
      return actions.showPayloadProblem(invocation);
    case 'openUrl':
      return vscode.env.openExternal(vscode.Uri.parse(intent.url));
    case 'showOutput':
      return actions.showOutput(invocation);
    case 'showExtensionLog':
      return vscode.commands.executeCommand(commandId(Commands.showLog));
    case 'openSetting':
      return vscode.commands.executeCommand('workbench.action.openSettings', `lambdaStream.${intent.key}`);
    case 'restartLocalEndpoint':
      return vscode.commands.executeCommand(commandId(Commands.startLocalEndpoint));
  }
}

function show(
  invocation: Invocation,
  severity: 'info' | 'error',
  message: string,
  buttons: readonly Button[],
  closed?: () => void,
): void {
  invocation.notice = { message, buttons: buttons.map((button) => button.label), shown: true };
  const labels = buttons.map((button) => button.label);
  const shown =
    severity === 'error'
      ? vscode.window.showErrorMessage(message, ...labels)
      : vscode.window.showInformationMessage(message, ...labels);
  void Promise.resolve(shown).then((choice) => {
    closed?.();
    return buttons.find((button) => button.label === choice)?.run();
  });
}
