/**
 * The history commands for the extension's command table: **Show Recent Invocations** (a quick pick; accepting a row
 * runs it again, its buttons open the details or the output) and **Show Invocation Details** (for an invocation id,
 * a response document's Uri from its title bar, a record key, or the active / latest invocation).
 */
import * as vscode from 'vscode';
import { commandId, Commands, RESPONSE_SCHEME } from '../../constants';
import type { Invocation, InvocationSummary } from '../output/invocation';
import { runChecked } from '../invoke/invokeFlows';
import type { InvokeFeature } from '../invoke/invokeFeature';
import type { DetailsModel } from './detailsModel';
import { type InvocationRecord, recordKeyFor } from './invocationRecord';
import type { HistoryFeature } from './registerHistory';
import { pickRecentInvocation } from './recentInvocationsPick';

type Handler = (...args: unknown[]) => unknown;
type HistoryCommandName = (typeof Commands)['showRecentInvocations' | 'showInvocationDetails'];

/** The handlers of the history commands. */
export function createHistoryCommands(
  invoke: InvokeFeature,
  history: HistoryFeature,
): Record<HistoryCommandName, Handler> {
  return {
    [Commands.showRecentInvocations]: () => showRecentInvocations(invoke, history),
    [Commands.showInvocationDetails]: (arg) => showInvocationDetails(invoke, history, arg),
  };
}

/** The pick of recent invocations; returns the summary of a re-run, if one was chosen. */
async function showRecentInvocations(
  invoke: InvokeFeature,
  history: HistoryFeature,
): Promise<InvocationSummary | DetailsModel | undefined> {
  const records = history.recent.records;
  if (records.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'No function has been invoked in this workspace yet.',
      'Invoke Function…',
    );
    if (choice) await vscode.commands.executeCommand(commandId(Commands.invoke));
    return undefined;
  }
  const chosen = await pickRecentInvocation(records);
  if (!chosen) return undefined;
  if (chosen.action === 'details') return showRecord(invoke, history, chosen.record);
  if (chosen.action === 'addToFile') {
    await vscode.commands.executeCommand(commandId(Commands.addToInvocationFile), chosen.record.key);
    return undefined;
  }
  if (chosen.action === 'output') {
    const invocation = liveInvocation(invoke, chosen.record);
    if (invocation) await invoke.reveal(invocation);
    else
      void vscode.window.showInformationMessage(
        `The output of ${chosen.record.targetLabel} is gone (the window was reloaded since); run it again to see it.`,
      );
    return undefined;
  }
  const request = await history.recent.requestFor(chosen.record);
  if (!request) {
    void vscode.window.showErrorMessage(
      `The payload of that invocation of ${chosen.record.targetLabel} can no longer be read (${chosen.record.payload.label}).`,
    );
    return undefined;
  }
  return runChecked(invoke, request);
}

/** Opens the details view; returns the model it shows, or undefined when there is nothing to show. */
function showInvocationDetails(invoke: InvokeFeature, history: HistoryFeature, arg: unknown): DetailsModel | undefined {
  const { registry } = invoke;
  const live = liveFromArgument(invoke, arg);
  if (live) return history.details.showLive(live);
  const record =
    typeof arg === 'number' || typeof arg === 'string'
      ? history.recent.find(arg)
      : arg === undefined
        ? history.recent.records[0]
        : undefined;
  if (record) return showRecord(invoke, history, record);
  if (arg === undefined && registry.latest) return history.details.showLive(registry.latest);
  void vscode.window.showInformationMessage('There are no invocation details to show yet; invoke a function first.');
  return undefined;
}

/** The invocation of this window an argument names: its id, its response document, or the active response document. */
function liveFromArgument(invoke: InvokeFeature, arg: unknown): Invocation | undefined {
  if (typeof arg === 'number') return invoke.registry.get(arg);
  const document =
    arg instanceof vscode.Uri ? arg : arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
  return document?.scheme === RESPONSE_SCHEME ? invoke.registry.byDocument(document) : undefined;
}

function showRecord(invoke: InvokeFeature, history: HistoryFeature, record: InvocationRecord): DetailsModel {
  const invocation = liveInvocation(invoke, record);
  return invocation ? history.details.showLive(invocation) : history.details.showRecord(record);
}

/** The invocation of this window a record was made from, while the registry still knows it. */
function liveInvocation(invoke: InvokeFeature, record: InvocationRecord): Invocation | undefined {
  return record.key === recordKeyFor(record.id) ? invoke.registry.get(record.id) : undefined;
}
