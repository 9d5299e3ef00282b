/**
 * Where a payload comes from and whether it may be sent. From the palette the payload is the active editor's
 * selection, else its whole text (saved or untitled, unsaved edits included); from the explorer it is the file
 * chosen. An empty payload (no editor, or only whitespace) is sent as no payload at all, which Lambda hands to the
 * function as `{}`; the header says so. Nothing else is sent unless it is JSON within Lambda's 6 MB: a binary file,
 * a file in another encoding than UTF-8, a file that cannot be read, a payload over the limit and invalid JSON are
 * each refused with one sentence naming the file (and for JSON the line and column). Files are only ever read.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PayloadSource } from '../request';
import { RESPONSE_SCHEME } from '../../constants';
import { formatCount } from '../../core/response/responseSummary';
import { classifyPayloadBytes, MAX_PAYLOAD_BYTES, parsePayload, type PayloadProblem } from '../../core/rules/payload';

/**
 * The payload for a command: the file given, else the active editor, else empty. Undefined when the file given cannot
 * be a payload (binary, not UTF-8, over 6 MB, unreadable): that has been said already, and nothing may be sent.
 */
export async function resolvePayload(payloadUri: vscode.Uri | undefined): Promise<PayloadSource | undefined> {
  if (payloadUri) {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === payloadUri.toString());
    if (open) return fromDocument(open, undefined);
    const refusal = await refusalOfFile(payloadUri);
    if (refusal) {
      void vscode.window.showErrorMessage(refusal);
      return undefined;
    }
    try {
      return fromDocument(await vscode.workspace.openTextDocument(payloadUri), undefined);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `${displayName(payloadUri)} cannot be opened as text (${reasonOf(error)}); nothing was sent.`,
      );
      return undefined;
    }
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === RESPONSE_SCHEME || editor.document.uri.scheme === 'output')
    return emptyPayload();
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
  const message =
    problem.code === 'PayloadTooLarge'
      ? tooLarge(`The payload${where}`, parsed.byteLength)
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

/** The sentence for a payload over the limit: its exact size against the limit's. */
function tooLarge(subject: string, bytes: number): string {
  return `${subject} is ${bytes.toLocaleString('en-US')} bytes, over Lambda's 6 MB request limit (${MAX_PAYLOAD_BYTES.toLocaleString('en-US')} bytes); nothing was sent.`;
}

/**
 * Why a file that is not open in an editor cannot be a payload, from its bytes on disk, before VS Code is asked to open
 * it as text (which it refuses for binary files with a bare error, and which would load a huge file whole).
 */
async function refusalOfFile(uri: vscode.Uri): Promise<string | undefined> {
  const name = displayName(uri);
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return `${name} is a folder, not a payload file; nothing was sent.`;
    if (stat.size > MAX_PAYLOAD_BYTES) return tooLarge(`The payload in ${name}`, stat.size);
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return `${name} cannot be read (${reasonOf(error)}); nothing was sent.`;
  }
  switch (classifyPayloadBytes(bytes)) {
    case 'binary':
      return `${name} is a binary file (${formatCount(bytes.byteLength, 'byte')}), not a JSON payload; nothing was sent.`;
    case 'not-utf8':
      return `${name} is not UTF-8 text, and Lambda payloads are UTF-8 JSON; nothing was sent.`;
    case 'text':
      return undefined;
  }
}

/** A file error in a few words: `it does not exist` rather than the provider's `EntryNotFound (FileSystemError): …`. */
function reasonOf(error: unknown): string {
  if (error instanceof vscode.FileSystemError) {
    if (error.code === 'FileNotFound') return 'it does not exist';
    if (error.code === 'NoPermissions') return 'permission denied';
  }
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^.*Detail: /s, '').replace(/\.$/, '');
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
  return problem.message.replace(
    /^Line \d+, column \d+/,
    `Line ${position.line + 1}, column ${position.character + 1}`,
  );
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
