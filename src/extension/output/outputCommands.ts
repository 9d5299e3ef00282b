/**
 * Commands that act on an invocation rather than start one: Cancel (from the status bar item, a response
 * document's title bar, or the palette), Save Output As…, and Show Output. They find their invocation from what
 * VS Code passed: an invocation id (status bar), a response document's Uri (editor title), or nothing (palette).
 */
import * as vscode from 'vscode';
import { RESPONSE_SCHEME } from '../../constants';
import { formatBytes } from '../../core/engine/metrics';
import { formatDuration } from '../../core/response/responseSummary';
import type { Invocation } from './invocation';
import type { InvokeFeature } from '../invoke/invokeFeature';

/** Cancels one running invocation; with several running and no argument, asks which. Returns whether one was cancelled. */
export async function cancelInvocation(feature: InvokeFeature, arg: unknown): Promise<boolean> {
  const running = feature.registry.runningInvocations;
  let invocation = find(feature, arg);
  if (!invocation && arg === undefined) {
    if (running.length === 0) {
      void vscode.window.showInformationMessage('No invocation is running.');
      return false;
    }
    invocation = running.length === 1 ? running[0] : await pickRunning(running);
  }
  if (!invocation?.isRunning) return false;
  invocation.cancel();
  return true;
}

/** Saves the output of the invocation shown in the active (or given) response document, else of the latest one. */
export async function saveOutput(feature: InvokeFeature, arg: unknown): Promise<void> {
  const invocation = find(feature, arg) ?? fromActiveEditor(feature) ?? feature.registry.latest;
  if (!invocation) {
    void vscode.window.showInformationMessage('There is no output to save yet; invoke a function first.');
    return;
  }
  await feature.saveOutput(invocation);
}

/** Reveals the output of the given or latest invocation; the channel when there is none. */
export async function showOutput(feature: InvokeFeature, arg: unknown): Promise<void> {
  const invocation = find(feature, arg) ?? feature.registry.latest;
  if (invocation) await feature.reveal(invocation);
  else feature.channel.channel.show(true);
}

function find(feature: InvokeFeature, arg: unknown): Invocation | undefined {
  if (typeof arg === 'number') return feature.registry.get(arg);
  if (arg instanceof vscode.Uri && arg.scheme === RESPONSE_SCHEME) return feature.registry.byDocument(arg);
  return undefined;
}

function fromActiveEditor(feature: InvokeFeature): Invocation | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === RESPONSE_SCHEME ? feature.registry.byDocument(uri) : undefined;
}

async function pickRunning(running: readonly Invocation[]): Promise<Invocation | undefined> {
  const items = running.map((invocation) => ({
    label: invocation.label,
    description: `${invocation.description.connection} · ${formatBytes(invocation.bytes)} · ${formatDuration(invocation.elapsedMs)}`,
    invocation,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Cancel Invocation',
    placeHolder: 'Which invocation should stop?',
  });
  return picked?.invocation;
}
