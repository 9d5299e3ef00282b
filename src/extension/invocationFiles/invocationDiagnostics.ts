/**
 * Problems of invocation files in the Problems panel, at the exact spot: a syntax error, an unknown variable, JSON
 * that is invalid after substitution, a bad target or option, a missing or oversized payload; a broken
 * `lambda-stream.env.json` on the first line. Read again on every edit, on a change of environment or settings, and
 * when a payload file beside it changes.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../constants';
import { InvocationFiles } from './invocationFiles';

/** Keeps the diagnostics of open invocation files current. */
export class InvocationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lambda-stream-invocations');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly files: InvocationFiles) {
    vscode.workspace.onDidOpenTextDocument((document) => this.update(document), null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((event) => this.update(event.document), null, this.disposables);
    vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri), null, this.disposables);
    files.onDidChange(() => this.updateAll(), null, this.disposables);
    this.updateAll();
  }

  private updateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  private update(document: vscode.TextDocument): void {
    if (!InvocationFiles.isInvocationFile(document)) {
      if (this.collection.has(document.uri)) this.collection.delete(document.uri);
      return;
    }
    const file = this.files.read(document);
    const diagnostics = file.problems.map((problem) => {
      const range = new vscode.Range(
        document.positionAt(problem.offset),
        document.positionAt(problem.offset + problem.length),
      );
      const diagnostic = new vscode.Diagnostic(
        range,
        problem.message,
        problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      return diagnostic;
    });
    if (file.environmentsProblem) {
      const diagnostic = new vscode.Diagnostic(
        document.lineAt(0).range,
        file.environmentsProblem,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostics.unshift(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
