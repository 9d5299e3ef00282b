/**
 * Where a payload comes from and whether it may be sent. From the palette the payload is the active editor's
 * selection, else its whole text (saved or untitled, unsaved edits included); from the explorer it is the file
 * chosen. An empty payload (no editor, or only whitespace) is sent as no payload at all, which Lambda hands to the
 * function as `{}`; the header says so. Invalid JSON is never sent: the problem is shown at its line and column.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RESPONSE_SCHEME } from '../../constants';
import { formatCount } from '../../core/response/responseSummary';
import { parsePayload, type PayloadProblem } from '../../core/payload';

/** A payload ready to send, with where it came from. */
export interface PayloadSource {
  readonly text: string;
  /** For headers and history: `payloads/hello.json (34 bytes)`, `selection of …`, `empty (the function receives {})`. */
  readonly label: string;
  /** The document it came from; the key under which its target is remembered. */
  readonly uri?: vscode.Uri;
  /** Where the text starts in that document (a selection), to place problems. */
  readonly start?: vscode.Position;
}

/** The payload for a command: the file given, else the active editor, else empty. */
export async function resolvePayload(payloadUri: vscode.Uri | undefined): Promise<PayloadSource> {
  if (payloadUri) {
    const document = await vscode.workspace.openTextDocument(payloadUri);
    return fromDocument(document, undefined);
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === RESPONSE_SCHEME || editor.document.uri.scheme === 'output') return emptyPayload();
  return fromDocument(editor.document, editor.selection.isEmpty ? undefined : editor.selection);
}

/** The payload sent when there is none: no bytes, so the function receives `{}`. */
export function emptyPayload(): PayloadSource {
  return { text: '', label: 'empty (the function receives {})' };
}

/**
 * Checks the payload before anything is sent. On a problem, shows one sentence naming line and column, with
 * "Go to Problem" selecting it in the editor, and returns false.
 */
export async function checkPayload(source: PayloadSource): Promise<boolean> {
  const parsed = parsePayload(source.text);
  if (parsed.ok) return true;
  const [problem] = parsed.problems;
  const where = source.uri ? ` in ${displayName(source.uri)}` : '';
  const message = problem.code === 'PayloadTooLarge'
    ? `The payload${where} is ${parsed.byteLength.toLocaleString('en-US')} bytes, over Lambda's 6 MB limit; nothing was sent.`
    : `The payload${where} is not valid JSON, so nothing was sent. ${await inDocumentTerms(source, problem)}`;
  const canReveal = source.uri !== undefined && problem.code !== 'PayloadTooLarge';
  void vscode.window.showErrorMessage(message, ...(canReveal ? ['Go to Problem'] : [])).then((choice) => {
    if (choice === 'Go to Problem') return revealProblem(source, problem);
  });
  return false;
}

/** A name for a document in messages: the workspace-relative path, or the untitled name. */
export function displayName(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  return vscode.workspace.asRelativePath(uri, false) || path.basename(uri.fsPath);
}

function fromDocument(document: vscode.TextDocument, selection: vscode.Selection | undefined): PayloadSource {
  const text = document.getText(selection);
  if (text.trim() === '') return { ...emptyPayload(), uri: document.uri };
  const size = formatCount(Buffer.byteLength(text, 'utf8'), 'byte');
  const name = displayName(document.uri);
  return selection
    ? { text, uri: document.uri, start: selection.start, label: `selection of ${name} (${size})` }
    : { text, uri: document.uri, label: `${name} (${size})` };
}

/** The problem's sentence with the line and column of the document, not of the selection it came from. */
async function inDocumentTerms(source: PayloadSource, problem: PayloadProblem): Promise<string> {
  if (!source.uri || !source.start) return problem.message;
  const document = await vscode.workspace.openTextDocument(source.uri);
  const position = document.positionAt(document.offsetAt(source.start) + problem.offset);
  return problem.message.replace(/^Line \d+, column \d+/, `Line ${position.line + 1}, column ${position.character + 1}`);
}

async function revealProblem(source: PayloadSource, problem: PayloadProblem): Promise<void> {
  if (!source.uri) return;
  const document = await vscode.workspace.openTextDocument(source.uri);
  const base = source.start ? document.offsetAt(source.start) : 0;
  const start = document.positionAt(base + problem.offset);
  const end = document.positionAt(base + problem.offset + Math.max(problem.length, 1));
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
  editor.selection = new vscode.Selection(end, start);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
