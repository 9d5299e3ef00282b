/**
 * Helpers for the payload-file tests: write a file into the test workspace (a copy, so tests may create files), wait
 * for the extension's diagnostics on a document, and read the CodeLenses and quick fixes VS Code would show.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../../src/constants';
import { waitFor } from './invoking';

/** Writes `text` to `relativePath` in the workspace folder and returns its Uri. */
export async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

/** The bytes of a workspace file on disk. */
export async function readWorkspaceFile(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

/** Opens a file in the first editor group. */
export async function openFile(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
    viewColumn: vscode.ViewColumn.One,
    preview: false,
  });
}

/** The extension's diagnostics on `uri`. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

/** Waits until the extension's diagnostics on `uri` satisfy `check`, and returns them. */
export async function diagnosticsWhen(
  uri: vscode.Uri,
  check: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  let diagnostics: vscode.Diagnostic[] = [];
  await waitFor(() => check((diagnostics = ourDiagnostics(uri))), timeoutMs);
  return diagnostics;
}

/** The CodeLenses VS Code shows for `uri`, resolved. */
export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

/** The quick fixes offered at `range` of `uri` (what the lightbulb lists). */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions ?? [];
}

/** Polls until `read` returns something. */
export async function eventually<T>(
  read: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  let value: T | undefined;
  await waitFor(async () => (value = await read()) !== undefined, timeoutMs);
  return value as T;
}

/**
 * Writes a payload file and opens it as the active editor. The tests use files rather than untitled editors: an
 * untitled document closed by one test can still be handed out under its old name (`Untitled-1`) to the next.
 */
export async function openPayloadText(name: string, text: string): Promise<vscode.TextEditor> {
  return openFile(await writeWorkspaceFile(`payloads/${name}`, text));
}
