/**
 * Helpers for the invoke tests inside the extension host: open a payload, run an invoke command with a target (as a
 * Functions-view node would), read a response document, wait for a condition, change a setting for one test.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { COMMAND_PREFIX, EXTENSION_ID, RESPONSE_SCHEME } from '../../../src/constants';
import type { InvocationSummary } from '../../../src/extension/output/invocation';
import type { FunctionTarget } from '../../../src/extension/targets';

export async function activateExtension(): Promise<void> {
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
}

/** A Local target, as a Functions-view node passes it. */
export function local(functionName: string, qualifier?: string): FunctionTarget {
  return { connection: { kind: 'local' }, functionName, ...(qualifier ? { qualifier } : {}) };
}

let untitledCount = 0;

/**
 * Opens a JSON payload as an untitled editor and makes it the active one. Each gets a name of its own: VS Code reuses
 * a freed `Untitled-N` name at once, and the extension host may still hold the closed document under that name, so
 * reusing it could hand the next invocation the previous test's payload.
 */
export async function openPayload(content: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `payload-${++untitledCount}.json` });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content));
  if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
  return editor;
}

/** Opens a payload file of the test workspace (`payloads/<name>`). */
export async function openPayloadFile(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'payloads', name));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
}

/** Runs `lambdaStream.<command>` with arguments and returns what it returned. */
export function run<T = InvocationSummary | undefined>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(COMMAND_PREFIX + command, ...args);
}

/** Invokes a Local function with the active editor's payload and waits for the end. */
export async function invoke(functionName: string, qualifier?: string): Promise<InvocationSummary> {
  const summary = await run('invoke', local(functionName, qualifier));
  assert.ok(summary, `invoking ${functionName} sent nothing`);
  return summary;
}

/** The open response document of an invocation. */
export function responseDocument(summary: Pick<InvocationSummary, 'documentUri'>): vscode.TextDocument {
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === summary.documentUri);
  assert.ok(document, `the response document ${summary.documentUri} is not open`);
  return document;
}

/** Waits until the response document's text settles to what the provider renders (updates arrive asynchronously). */
export async function finalText(summary: InvocationSummary): Promise<string> {
  let previous = '';
  await waitFor(
    () => {
      const text = responseDocument(summary).getText();
      const stable = text === previous && /^(\/\/|<!--) ── (completed|failed|cancelled)/m.test(text);
      previous = text;
      return stable;
    },
    60_000,
    100,
  );
  return previous;
}

/** The output bytes exactly as the function wrote them (the invocation's output file). */
export function outputBytes(summary: InvocationSummary): Buffer {
  return fs.readFileSync(summary.outputFile);
}

/**
 * The function's output as a response document shows it: the text between the header (the leading `// ` lines)
 * and the first footer line (`// ── `). The footer starts on a new line, so output that did not end with a newline
 * gets one: compare with {@link asShown}.
 */
export function bodyOf(text: string): string {
  let rest = text;
  while (rest.startsWith('// ')) rest = rest.slice(rest.indexOf('\n') + 1);
  const footer = rest.search(/^\/\/ ── /m);
  return footer === -1 ? rest : rest.slice(0, footer);
}

/** The output as the document shows it above a footer: with a final newline. */
export function asShown(output: string): string {
  return output === '' || output.endsWith('\n') ? output : `${output}\n`;
}

/** Polls `condition` until it holds. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Response documents currently open. */
export function openResponseDocuments(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((document) => document.uri.scheme === RESPONSE_SCHEME);
}

/** Sets `lambdaStream.<key>` for the duration of `body`. */
export async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const configuration = vscode.workspace.getConfiguration('lambdaStream');
  await configuration.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await configuration.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

/**
 * Closes every editor without leaving a "Save changes?" dialog behind: untitled payloads are dirty, and a pending
 * dialog would later hand focus back to an old payload editor, so the next test would send the wrong payload.
 */
export async function closeAllEditors(): Promise<void> {
  const reverted: vscode.TextDocument[] = [];
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    reverted.push(document);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  // An untitled document still known to the extension host would be handed out again under its old name
  // (`Untitled-1`, with its old text) to the next test's `openPayload`: wait until the closed ones are gone.
  await waitFor(
    () => reverted.every((document) => document.uri.scheme !== 'untitled' || document.isClosed),
    5_000,
  ).catch(() => undefined);
}
