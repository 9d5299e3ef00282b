/**
 * The payload-file commands for the extension's command table: **Invoke with This Payload** (explorer context
 * menu, JSON editor title, CodeLens; asks for the function once per file, then uses the binding), **Change
 * Target…** (CodeLens; rebinds without invoking) and **Invoke with Payload File…** (a Functions-view node; asks for
 * the file). Arguments go through `normaliseCommandArgs`.
 */
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import { choiceLabel } from '../connections';
import type { InvocationSummary } from '../output/invocation';
import { chooseTarget, invokeWith } from '../invoke/invokeFlows';
import type { InvokeFeature } from '../invoke/invokeFeature';
import { displayName, emptyPayload, resolvePayload } from '../invoke/payloadSource';
import { targetProblem } from '../invoke/requestChecks';
import { describeTarget, type FunctionTarget, normaliseCommandArgs } from '../targets';
import { pickPayloadFile } from './payloadFilePicker';

type Handler = (...args: unknown[]) => unknown;
type PayloadCommandName = (typeof Commands)['invokePayloadFile' | 'changePayloadTarget' | 'invokeWithPayloadFile'];

/** The handlers of the payload-file commands. */
export function createPayloadCommands(feature: InvokeFeature): Record<PayloadCommandName, Handler> {
  return {
    [Commands.invokePayloadFile]: async (...args) => {
      const { target, payloadUri } = normaliseCommandArgs(args);
      const payload = await resolvePayload(payloadUri);
      if (!payload) return undefined;
      await showPayloadFile(payloadUri);
      return invokeWith(feature, { target, payload }, 'payloadFile');
    },
    [Commands.changePayloadTarget]: (...args) => changePayloadTarget(feature, args),
    [Commands.invokeWithPayloadFile]: (...args) => invokeWithPayloadFile(feature, args),
  };
}

/**
 * From the explorer or a Functions-view node, the file is not open yet: show it, so the response opens beside the
 * payload that was sent. Called once the file is known to be text (`resolvePayload`), so a binary file is not opened.
 */
async function showPayloadFile(uri: vscode.Uri | undefined): Promise<void> {
  if (!uri || vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === uri.toString()))
    return;
  await vscode.window
    .showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.One })
    .then(undefined, () => undefined);
}

/** Binds the payload file (given, or the active editor's) to a newly picked target. Returns the target. */
async function changePayloadTarget(
  feature: InvokeFeature,
  args: readonly unknown[],
): Promise<FunctionTarget | undefined> {
  const uri = normaliseCommandArgs(args).payloadUri ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Open a payload file first; its target is what this command changes.');
    return undefined;
  }
  const payload = await resolvePayload(uri);
  if (!payload) return undefined;
  const target = await chooseTarget(feature, payload, `Change Target of ${displayName(uri)}`);
  if (!target) return undefined;
  const problem = targetProblem(target);
  if (problem) {
    void vscode.window.showErrorMessage(`${problem} ${displayName(uri)} keeps its target.`);
    return undefined;
  }
  await feature.memory.setTargetFor(uri, target);
  vscode.window.setStatusBarMessage(
    `Lambda Stream: ${displayName(uri)} now invokes ${describeTarget(target, choiceLabel(target.connection))}`,
    5000,
  );
  return target;
}

/** Invokes a node's target with a payload file the person picks (or the one passed after the node). */
async function invokeWithPayloadFile(
  feature: InvokeFeature,
  args: readonly unknown[],
): Promise<InvocationSummary | undefined> {
  const given = normaliseCommandArgs(args);
  const target =
    given.target ?? (await chooseTarget(feature, emptyPayload(), 'Invoke with Payload File: choose the function'));
  if (!target) return undefined;
  const payloadUri = given.payloadUri ?? (await pickPayloadFile(target, feature.memory));
  if (!payloadUri) return undefined;
  const payload = await resolvePayload(payloadUri);
  if (!payload) return undefined;
  await showPayloadFile(payloadUri);
  return invokeWith(feature, { target, payload }, 'pick');
}
