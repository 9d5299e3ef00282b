/**
 * Squiggles and Problems entries for payload files, updated as the person types (debounced): invalid JSON at the
 * exact range with the parser's sentence, a payload over 6 MB, and the payload Lambda rejected last time. Each
 * diagnostic carries a code from `PayloadDiagnosticCodes`, which the quick-fix provider keys on. A document that is
 * fixed loses its diagnostics at the next update; a closed one (its last tab, or the document) at once.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, PayloadDiagnosticCodes } from '../../constants';
import { onDidCloseLastTab } from './closedTabs';
import { isFile, type PayloadFiles } from './payloadFiles';
import { findPayloadProblems } from './payloadProblems';
import type { PayloadRejections, Rejection } from './payloadRejections';

/** Typing pauses shorter than this do not re-check the payload. */
const DEBOUNCE_MS = 200;
const MAX_DETAIL = 300;

/** Keeps the diagnostics of every open payload document current. */
export class PayloadDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lambda-stream-payloads');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly files: PayloadFiles,
    private readonly rejections: PayloadRejections,
  ) {
    vscode.workspace.onDidOpenTextDocument(
      (document) => isFile(document.uri) && this.update(document),
      null,
      this.disposables,
    );
    vscode.workspace.onDidChangeTextDocument(
      (event) => isFile(event.document.uri) && this.schedule(event.document),
      null,
      this.disposables,
    );
    vscode.workspace.onDidCloseTextDocument(
      (document) => isFile(document.uri) && this.clear(document.uri),
      null,
      this.disposables,
    );
    onDidCloseLastTab((uri) => isFile(uri) && this.clear(uri), this, this.disposables);
    vscode.window.onDidChangeVisibleTextEditors((editors) => this.reopened(editors), null, this.disposables);
    files.onDidChange(() => this.updateAll(), null, this.disposables);
    rejections.onDidChange((uri) => this.updateUri(uri), null, this.disposables);
    this.updateAll();
  }

  /** Re-checks one document now. */
  update(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (document.isClosed || !this.files.isPayload(document.uri)) {
      this.collection.delete(document.uri);
      return;
    }
    const diagnostics = findPayloadProblems(document.getText()).map((finding) => {
      const range = new vscode.Range(
        document.positionAt(finding.offset),
        document.positionAt(finding.offset + finding.length),
      );
      return diagnostic(range, finding.message, finding.code);
    });
    const rejection = this.rejections.current(document);
    if (rejection)
      diagnostics.unshift(
        diagnostic(rejectionRange(document, rejection), rejectionMessage(rejection), PayloadDiagnosticCodes.rejected),
      );
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.update(document), DEBOUNCE_MS),
    );
  }

  private updateAll(): void {
    for (const document of vscode.workspace.textDocuments) if (isFile(document.uri)) this.update(document);
  }

  private updateUri(uri: vscode.Uri): void {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (document) this.update(document);
  }

  /** A document whose tab was closed keeps its model; shown again, it is checked again. */
  private reopened(editors: readonly vscode.TextEditor[]): void {
    for (const { document } of editors)
      if (isFile(document.uri) && !this.collection.has(document.uri)) this.update(document);
  }

  private clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.collection.delete(uri);
  }
}

function diagnostic(range: vscode.Range, message: string, code: string): vscode.Diagnostic {
  const result = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  result.source = DIAGNOSTIC_SOURCE;
  result.code = code;
  return result;
}

/** `Lambda rejected this payload (InvalidRequestContentException): …` with Lambda's own words, shortened. */
function rejectionMessage(rejection: Rejection): string {
  const detail = rejection.detail.split('\n', 1)[0];
  const short = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail;
  return `Lambda rejected this payload at the last invocation (${rejection.code}): ${short}`;
}

/** Where Lambda said the problem is, else the first line of the text that was sent. */
function rejectionRange(document: vscode.TextDocument, rejection: Rejection): vscode.Range {
  const start = document.positionAt(rejection.startOffset);
  if (rejection.position) {
    const line = start.line + rejection.position.line - 1;
    const character = (rejection.position.line === 1 ? start.character : 0) + rejection.position.column - 1;
    const at = document.validatePosition(new vscode.Position(line, Math.max(0, character)));
    const end = document.validatePosition(at.translate(0, 1));
    return new vscode.Range(at, end.isEqual(at) ? document.lineAt(at.line).range.end : end);
  }
  return new vscode.Range(start, document.lineAt(start.line).range.end);
}
