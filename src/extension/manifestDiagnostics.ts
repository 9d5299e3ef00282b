/**
 * Squiggles and Problems entries for the Local functions folder's manifest (`lambda-stream.json`): each mistyped
 * setting at its value, invalid JSON at the parser's spot, with the same sentences the Local endpoint logs. The
 * configured folder's manifest is checked on disk (so the Problems panel shows it unopened, and again when it
 * changes); any open `lambda-stream.json` is checked as the person types. The file itself is never written.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../constants';
import { MANIFEST_FILE, type ManifestProblem, parseManifest } from '../core/rules/manifest';
import { config } from './config';

/** Typing pauses shorter than this do not re-check. */
const DEBOUNCE_MS = 200;

export class ManifestDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lambda-stream-manifest');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private watched: vscode.Uri | undefined;

  constructor() {
    vscode.workspace.onDidOpenTextDocument(
      (document) => isManifest(document.uri) && this.checkDocument(document),
      null,
      this.disposables,
    );
    vscode.workspace.onDidChangeTextDocument(
      (event) => isManifest(event.document.uri) && this.schedule(event.document),
      null,
      this.disposables,
    );
    vscode.workspace.onDidCloseTextDocument(
      (document) => isManifest(document.uri) && void this.closed(document.uri),
      null,
      this.disposables,
    );
    vscode.workspace.onDidChangeConfiguration(
      (event) => config.affects(event, 'local.functionsDir') && this.watchConfigured(),
      null,
      this.disposables,
    );
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.watchConfigured(), null, this.disposables);
    // A relative folder setting is resolved against the first workspace folder.
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchConfigured(), null, this.disposables);
    for (const document of vscode.workspace.textDocuments) if (isManifest(document.uri)) this.checkDocument(document);
    this.watchConfigured();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.watcher?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Follows the manifest of the configured functions folder (none in an untrusted workspace). */
  private watchConfigured(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (this.watched && !isOpen(this.watched)) this.collection.delete(this.watched);
    const dir = config.localFunctionsDir();
    this.watched = dir ? vscode.Uri.file(path.join(dir, MANIFEST_FILE)) : undefined;
    if (!dir || !this.watched) return;
    const watched = this.watched;
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dir), MANIFEST_FILE),
    );
    const check = () => void this.checkFile(watched);
    this.watcher.onDidCreate(check);
    this.watcher.onDidChange(check);
    this.watcher.onDidDelete(() => this.collection.delete(watched));
    check();
  }

  /** Checks the file on disk, unless an open editor holds newer text. */
  private async checkFile(uri: vscode.Uri): Promise<void> {
    if (isOpen(uri)) return;
    let text: string;
    try {
      text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    } catch {
      this.collection.delete(uri);
      return;
    }
    this.collection.set(uri, diagnostics(text, uri));
  }

  private checkDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (document.isClosed) return;
    this.collection.set(document.uri, diagnostics(document.getText(), document.uri));
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.checkDocument(document), DEBOUNCE_MS),
    );
  }

  /** A closed manifest keeps its diagnostics only if it is the configured one (then as it is on disk). */
  private async closed(uri: vscode.Uri): Promise<void> {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    if (this.watched?.toString() === uri.toString()) await this.checkFile(uri);
    else this.collection.delete(uri);
  }
}

function isManifest(uri: vscode.Uri): boolean {
  return (uri.scheme === 'file' || uri.scheme === 'untitled') && path.basename(uri.path) === MANIFEST_FILE;
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some(
    (document) => !document.isClosed && document.uri.toString() === uri.toString(),
  );
}

function diagnostics(text: string, uri: vscode.Uri): vscode.Diagnostic[] {
  return parseManifest(text, uri.fsPath).located.map((problem) => {
    const diagnostic = new vscode.Diagnostic(
      range(text, problem),
      `${problem.message}; the Local endpoint ignores ${ignoredPart(problem)}.`,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    return diagnostic;
  });
}

/** What the endpoint does without the broken part: a bad setting falls back to Lambda's default. */
function ignoredPart(problem: ManifestProblem): string {
  if (/^not valid JSON|^the manifest must be/.test(problem.message)) return 'the whole manifest';
  if (/^functions\.[^.]+ must be an object/.test(problem.message)) return "this function's settings";
  if (/^functions\.[^.]+\.aliases\.[^ ]+ points at/.test(problem.message)) return 'this alias';
  return "this setting and uses Lambda's default";
}

/** The problem's range in `text`, from its offset and length. */
function range(text: string, problem: ManifestProblem): vscode.Range {
  const start = new vscode.Position(problem.line - 1, problem.column - 1);
  const covered = text.slice(problem.offset, problem.offset + Math.max(problem.length, 1)).split('\n');
  const end =
    covered.length === 1
      ? new vscode.Position(start.line, start.character + Math.max(covered[0].length, 1))
      : new vscode.Position(start.line + covered.length - 1, covered[covered.length - 1].length);
  return new vscode.Range(start, end);
}
