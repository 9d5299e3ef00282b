/**
 * Payloads Lambda itself refused to parse (InvalidRequestContentException, UnsupportedMediaTypeException): the
 * extension checks JSON before sending, but an endpoint may be stricter (a proxy, LocalStack, a future Lambda). The
 * last such rejection of each payload file is kept, with the text that was sent and where in the document it came
 * from, so the diagnostics show it on that text for as long as it is unchanged; editing it, or a later successful
 * invocation of the file, drops it. Rejections of the ClientContext are not the payload's fault and are skipped.
 */
import * as vscode from 'vscode';
import type { Invocation } from '../output/invocation';
import type { InvocationRegistry } from '../output/invocationRegistry';

/** A rejected payload: what was sent, from where, and Lambda's words. */
export interface Rejection {
  readonly uri: vscode.Uri;
  readonly text: string;
  /** Offset of the sent text in the document (a selection starts later). */
  readonly startOffset: number;
  readonly code: string;
  readonly detail: string;
  /** One-based, within the sent text, when Lambda's message names a position (`line: 3, column: 2`). */
  readonly position?: { readonly line: number; readonly column: number };
}

const REJECTION_CODES = new Set(['InvalidRequestContentException', 'UnsupportedMediaTypeException']);

/** The last rejection per payload document. */
export class PayloadRejections implements vscode.Disposable {
  private readonly rejections = new Map<string, Rejection>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires with a document whose rejection was recorded or dropped. */
  readonly onDidChange = this.changed.event;

  constructor(registry: InvocationRegistry) {
    registry.onDidFinish((invocation) => void this.finished(invocation), null, this.disposables);
  }

  /** The rejection still standing for `document`: only while the rejected text is still there, unchanged. */
  current(document: vscode.TextDocument): Rejection | undefined {
    const rejection = this.rejections.get(document.uri.toString());
    if (!rejection) return undefined;
    const start = document.positionAt(rejection.startOffset);
    const end = document.positionAt(rejection.startOffset + rejection.text.length);
    if (document.getText(new vscode.Range(start, end)) === rejection.text) return rejection;
    this.rejections.delete(document.uri.toString());
    return undefined;
  }

  dispose(): void {
    this.rejections.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async finished(invocation: Invocation): Promise<void> {
    const { payload } = invocation.request;
    const outcome = invocation.outcome;
    if (!payload.uri || !outcome) return;
    const key = payload.uri.toString();
    if (
      outcome.kind === 'failed' &&
      REJECTION_CODES.has(outcome.error.code) &&
      !/client ?context/i.test(outcome.error.detail ?? '')
    ) {
      const document = await vscode.workspace.openTextDocument(payload.uri).then(undefined, () => undefined);
      const startOffset = payload.start && document ? document.offsetAt(payload.start) : 0;
      const detail = outcome.error.detail ?? outcome.error.message;
      this.rejections.set(key, {
        uri: payload.uri,
        text: payload.text,
        startOffset,
        code: outcome.error.code,
        detail,
        position: positionIn(detail),
      });
      this.changed.fire(payload.uri);
    } else if (outcome.kind === 'completed' && this.rejections.delete(key)) {
      this.changed.fire(payload.uri);
    }
  }
}

/** The position a Jackson-style parser message names: `… line: 3, column: 2]`. */
export function positionIn(detail: string): { line: number; column: number } | undefined {
  const match = /line:? (\d+),? column:? (\d+)/i.exec(detail);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}
