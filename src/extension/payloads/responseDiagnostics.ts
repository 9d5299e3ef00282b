/**
 * A failed invocation leaves a diagnostic on its response document, on the last line of output before the failure
 * (or on the failure line when nothing came), worded like its notification: "midstream-failure failed after 2
 * chunks with Error: boom at row 2." It points at the payload that was sent, so the Problems panel lists the failure
 * with its cause. It goes when the response document is closed (its last tab, or the document).
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, PayloadDiagnosticCodes, RESPONSE_SCHEME } from '../../constants';
import { classifyFunctionFailure, type ErrorClassification } from '../../core/errors/classify';
import { presentFailure } from '../notifications/errorPresentation';
import type { Invocation } from '../output/invocation';
import type { InvocationRegistry } from '../output/invocationRegistry';
import { failureContext } from '../notifications/outcomeNotifications';
import { onDidCloseLastTab } from './closedTabs';
import type { ResponseDocumentProvider } from '../output/responseDocument';

const ANNOTATION = /^(\/\/|<!--) /;
const FAILED_FOOTER = /^(\/\/|<!--) ── failed/;

/** Diagnostics on the response documents of failed invocations. */
export class ResponseDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lambda-stream-responses');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    registry: InvocationRegistry,
    private readonly documents: ResponseDocumentProvider,
  ) {
    registry.onDidFinish((invocation) => void this.finished(invocation), null, this.disposables);
    vscode.workspace.onDidCloseTextDocument((document) => this.closed(document.uri), null, this.disposables);
    onDidCloseLastTab((uri) => uri.scheme === RESPONSE_SCHEME && this.collection.delete(uri), this, this.disposables);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async finished(invocation: Invocation): Promise<void> {
    const uri = invocation.documentUri;
    const failure = failureOf(invocation);
    if (!uri || !failure) return;
    // The document is kept up to date by edits: its footer may still be on its way.
    const text = await this.documents.settledText(uri);
    if (text === undefined) return;
    const lines = text.split('\n');
    const line = failurePoint(lines);
    if (line === undefined) return;
    const message = presentFailure(failure, failureContext(invocation)).message;
    const result = new vscode.Diagnostic(
      new vscode.Range(line, 0, line, lines[line].length),
      message,
      vscode.DiagnosticSeverity.Error,
    );
    result.source = DIAGNOSTIC_SOURCE;
    result.code = PayloadDiagnosticCodes.invocationFailed;
    const payload = invocation.request.payload;
    if (payload.uri) {
      result.relatedInformation = [
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(payload.uri, new vscode.Position(0, 0)),
          `The payload sent: ${payload.label}`,
        ),
      ];
    }
    this.collection.set(uri, [result]);
  }

  /** A language change closes and reopens the document; only a document the provider dropped is really gone. */
  private closed(uri: vscode.Uri): void {
    if (uri.scheme !== RESPONSE_SCHEME || !this.collection.has(uri)) return;
    setTimeout(() => {
      if (!this.documents.has(uri)) this.collection.delete(uri);
    }, 0);
  }
}

/** The classification of a failed invocation (a service error, or the function's own failure); none otherwise. */
function failureOf(invocation: Invocation): ErrorClassification | undefined {
  const outcome = invocation.outcome;
  if (outcome?.kind === 'failed') return outcome.error;
  if (outcome?.kind === 'completed' && outcome.complete.errorCode) {
    return classifyFunctionFailure({
      errorCode: outcome.complete.errorCode,
      errorDetails: outcome.complete.errorDetails,
      chunks: outcome.complete.metrics.chunks,
    });
  }
  return undefined;
}

/** The last output line before the failure footer, or the footer itself when no output precedes it. */
export function failurePoint(lines: readonly string[]): number | undefined {
  const footer = lines.findIndex((line) => FAILED_FOOTER.test(line));
  if (footer === -1) return undefined;
  let headerLines = 0;
  while (headerLines < footer && ANNOTATION.test(lines[headerLines])) headerLines++;
  const previous = footer - 1;
  return previous >= headerLines && lines[previous] !== '' && !ANNOTATION.test(lines[previous]) ? previous : footer;
}
