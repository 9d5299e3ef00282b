/**
 * The two notification buttons that take a person to the payload behind a failure: **Show Payload Size** (Lambda
 * said the request is too large) and **Show Problem** (Lambda could not parse it). Both open the payload where it
 * came from; neither changes it.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, PayloadDiagnosticCodes } from '../../constants';
import { formatBytes } from '../../core/engine/metrics';
import type { Invocation } from '../output/invocation';
import { displayName } from '../invoke/payloadSource';

/** Opens the payload and says how big it is against Lambda's limit. */
export async function showPayloadSize(invocation: Invocation, limit: number): Promise<void> {
  const { payload } = invocation.request;
  const bytes = Buffer.byteLength(payload.text, 'utf8');
  const name = payload.uri ? displayName(payload.uri) : 'The payload';
  if (payload.uri)
    await vscode.window
      .showTextDocument(payload.uri, { preview: false, preserveFocus: true })
      .then(undefined, () => undefined);
  const message = `${name} is ${formatBytes(bytes)} (${bytes.toLocaleString('en-US')} bytes); a request to Lambda holds at most ${limit.toLocaleString('en-US')} bytes (6 MB), encoding included.`;
  void vscode.window.showInformationMessage(message);
}

/** Opens the payload and selects the problem Lambda reported in it (or the first problem the extension found). */
export async function showPayloadProblem(invocation: Invocation): Promise<void> {
  const uri = invocation.request.payload.uri;
  if (!uri) return;
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const ours = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
  const problem = ours.find((diagnostic) => diagnostic.code === PayloadDiagnosticCodes.rejected) ?? ours[0];
  if (!problem) return;
  editor.selection = new vscode.Selection(problem.range.start, problem.range.end);
  editor.revealRange(problem.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
