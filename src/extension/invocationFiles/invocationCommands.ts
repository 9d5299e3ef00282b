/**
 * The invocation-file commands for the extension's command table: run one invocation (the CodeLens, or the one at
 * the cursor from the palette) or all of them, choose the environment, add an invocation to a file from a payload
 * file's target or from Recent Invocations, import the console's shareable test events, and export one invocation
 * as a command to paste. A file is only written when the person asked for it, by an edit they can undo.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import {
  exportSnippet,
  formatInvocation,
  readTestEvents,
  type SnippetKind,
  snippetKinds,
} from '../../core/invocations/exchange';
import { invocationAt, INVOCATION_FILE_EXTENSION } from '../../core/invocations/invocationFile';
import type { ConnectionChoice } from '../connections';
import type { HistoryFeature } from '../history/registerHistory';
import type { InvokeFeature } from '../invoke/invokeFeature';
import type { InvocationSummary } from '../output/invocation';
import type { ExtensionContextServices } from '../services';
import type { FunctionTarget } from '../targets';
import { InvocationFiles } from './invocationFiles';
import { runAllInvocations, runInvocationAt, type RunOptions } from './invocationRuns';

type Handler = (...args: unknown[]) => unknown;
type InvocationCommandName = (typeof Commands)[
  | 'invokeFromFile'
  | 'invokeAllInFile'
  | 'selectInvocationEnvironment'
  | 'addToInvocationFile'
  | 'importTestEvents'
  | 'exportInvocation'];

/** What the commands work with. */
export interface InvocationCommandDeps {
  readonly feature: InvokeFeature;
  readonly services: ExtensionContextServices;
  readonly files: InvocationFiles;
  readonly history: HistoryFeature;
}

/** The handlers of the invocation-file commands. */
export function createInvocationCommands(deps: InvocationCommandDeps): Record<InvocationCommandName, Handler> {
  return {
    [Commands.invokeFromFile]: async (uri?: unknown, index?: unknown, options?: unknown) => {
      const at = await invocationArgument(deps.files, uri, index);
      return at ? runInvocationAt(deps, at.document, at.index, runOptions(options)) : undefined;
    },
    [Commands.invokeAllInFile]: async (uri?: unknown): Promise<InvocationSummary[] | undefined> => {
      const document = await invocationDocument(uri);
      return document ? runAllInvocations(deps, document) : undefined;
    },
    [Commands.selectInvocationEnvironment]: (uri?: unknown, name?: unknown) =>
      typeof name === 'string' || name === null
        ? deps.files.setEnvironment(name ?? undefined).then(() => name ?? undefined)
        : selectEnvironment(deps.files, uri),
    [Commands.addToInvocationFile]: (arg?: unknown) => addToInvocationFile(deps, arg),
    [Commands.importTestEvents]: (uri?: unknown) => importTestEvents(deps, uri),
    [Commands.exportInvocation]: async (uri?: unknown, index?: unknown, kind?: unknown) => {
      const at = await invocationArgument(deps.files, uri, index);
      return at ? exportInvocation(deps.files, at.document, at.index, kind) : undefined;
    },
  };
}

function runOptions(value: unknown): RunOptions {
  return typeof value === 'object' && value !== null && (value as RunOptions).dryRun === true ? { dryRun: true } : {};
}

/** The invocation file a command is about: the Uri given, else the active editor's. */
async function invocationDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
  const document =
    uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (document && InvocationFiles.isInvocationFile(document)) return document;
  void vscode.window.showInformationMessage(
    `Open an invocation file (*${INVOCATION_FILE_EXTENSION}) first; Lambda Stream: Add to Invocation File… starts one.`,
  );
  return undefined;
}

/** The invocation a command is about: the index given, else the one at the cursor. */
async function invocationArgument(
  files: InvocationFiles,
  uri: unknown,
  index: unknown,
): Promise<{ document: vscode.TextDocument; index: number } | undefined> {
  const document = await invocationDocument(uri);
  if (!document) return undefined;
  if (typeof index === 'number') return { document, index };
  const editor = vscode.window.activeTextEditor;
  const offset = editor?.document === document ? document.offsetAt(editor.selection.active) : 0;
  const entry = invocationAt(files.read(document), offset) ?? files.read(document).invocations[0];
  if (!entry) {
    void vscode.window.showInformationMessage(
      'This file holds no invocation yet: start one with ### and INVOKE <function>.',
    );
    return undefined;
  }
  return { document, index: entry.block.index };
}

async function selectEnvironment(files: InvocationFiles, uri: unknown): Promise<string | undefined> {
  const document =
    uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const names = document && InvocationFiles.isInvocationFile(document) ? files.environmentsOf(document) : [];
  const none = '$(circle-slash) No environment';
  const items = [...names.map((name) => ({ label: name, picked: name === files.environment })), { label: none }];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Invocation Environment',
    placeHolder:
      names.length > 0
        ? `The variables {{…}} take their values from (now: ${files.environment ?? 'none'})`
        : 'No environments: define them in lambda-stream.env.json beside the file or in lambdaStream.invocations.environments',
  });
  if (!picked) return undefined;
  const chosen = picked.label === none ? undefined : picked.label;
  await files.setEnvironment(chosen);
  return chosen;
}

/** Adds an invocation from a payload file's bound target (a Uri) or a recent invocation (a record key). */
async function addToInvocationFile(deps: InvocationCommandDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  let draft: { name: string; target: FunctionTarget; options: string[]; payload?: string; payloadUri?: vscode.Uri };
  if (typeof arg === 'string') {
    const record = deps.history.recent.find(arg);
    if (!record) return undefined;
    const choices = record.choices;
    const payloadUri = record.payload.uri ? vscode.Uri.parse(record.payload.uri) : undefined;
    if (record.payload.text === undefined && !payloadUri) {
      void vscode.window.showErrorMessage(
        `The payload of ${record.targetLabel} was not kept, so it cannot be written to a file.`,
      );
      return undefined;
    }
    draft = {
      name: record.targetLabel,
      target: record.target,
      options: optionLines(choices),
      payload: payloadUri ? undefined : record.payload.text,
      payloadUri,
    };
  } else {
    const payloadUri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const target = payloadUri && deps.feature.memory.targetFor(payloadUri);
    if (!payloadUri || !target) {
      void vscode.window.showInformationMessage(
        'Invoke a payload file first (its target is what the invocation names), or add one from Recent Invocations.',
      );
      return undefined;
    }
    draft = { name: path.basename(payloadUri.path, '.json'), target, options: [], payloadUri };
  }
  const file = await chooseInvocationFile();
  if (!file) return undefined;
  const relative = draft.payloadUri?.scheme === 'file' ? relativePayload(file, draft.payloadUri) : undefined;
  const payload = relative
    ? undefined
    : draft.payloadUri
      ? (await vscode.workspace.openTextDocument(draft.payloadUri)).getText()
      : draft.payload;
  const text = formatInvocation({
    name: draft.name,
    target: `${draft.target.functionName}${draft.target.qualifier ? `:${draft.target.qualifier}` : ''}`,
    connection: connectionText(draft.target.connection),
    options: draft.options,
    ...(relative ? { payloadFile: relative } : { payload }),
  });
  return append(file, text);
}

async function importTestEvents(deps: InvocationCommandDeps, uri: unknown): Promise<vscode.Uri | undefined> {
  const source =
    uri instanceof vscode.Uri
      ? uri
      : (
          await vscode.window.showOpenDialog({
            title: 'Import Shareable Test Events',
            filters: { 'Test events (JSON)': ['json'] },
            canSelectMany: false,
          })
        )?.[0];
  if (!source) return undefined;
  const text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
  const events = readTestEvents(text);
  if (typeof events === 'string') {
    void vscode.window.showErrorMessage(`${path.basename(source.path)} cannot be imported: ${events}.`);
    return undefined;
  }
  const functionName =
    events.functionName ??
    (await vscode.window.showInputBox({
      title: 'Import Shareable Test Events',
      prompt: `The function these ${events.events.length} events are for`,
      validateInput: (value) => (value.trim() ? undefined : 'Name the function'),
    }));
  if (!functionName) return undefined;
  const file = await chooseInvocationFile();
  if (!file) return undefined;
  const connection = connectionText(deps.services.connections.current);
  const blocks = events.events
    .map((event) =>
      formatInvocation({ name: event.name, target: functionName.trim(), connection, payload: event.payload }),
    )
    .join('');
  return append(file, blocks);
}

async function exportInvocation(
  files: InvocationFiles,
  document: vscode.TextDocument,
  index: number,
  kindArg: unknown,
): Promise<string | undefined> {
  const entry = files.read(document).invocations[index];
  const invocation = entry?.invocation;
  if (!invocation) {
    void vscode.window.showErrorMessage(
      `${entry?.block.name ?? 'This invocation'} has problems; fix them to export it.`,
    );
    return undefined;
  }
  const kinds = snippetKinds(invocation);
  const labels: Record<SnippetKind, string> = {
    'aws-cli': 'aws lambda invoke (buffered: the AWS CLI has no streaming invoke)',
    'sdk-js': 'AWS SDK for JavaScript v3 script (InvokeWithResponseStream)',
    curl: 'curl (signed with --aws-sigv4 unless @auth none)',
  };
  const kind =
    typeof kindArg === 'string' && kinds.includes(kindArg as SnippetKind)
      ? (kindArg as SnippetKind)
      : kinds.length === 1
        ? kinds[0]
        : (
            await vscode.window.showQuickPick(
              kinds.map((value) => ({ label: labels[value], value })),
              { title: `Export ${invocation.name}` },
            )
          )?.value;
  if (!kind) return undefined;
  const snippet = exportSnippet(invocation, kind);
  await vscode.env.clipboard.writeText(snippet);
  const opened = await vscode.workspace.openTextDocument({
    content: snippet,
    language: kind === 'sdk-js' ? 'javascript' : 'shellscript',
  });
  await vscode.window.showTextDocument(opened, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  vscode.window.setStatusBarMessage(`Copied the ${kind} export of ${invocation.name}`, 3000);
  return snippet;
}

/** An invocation file of the workspace, or a new one (a save dialog). */
async function chooseInvocationFile(): Promise<vscode.Uri | undefined> {
  const existing = await vscode.workspace.findFiles(`**/*${INVOCATION_FILE_EXTENSION}`, '**/node_modules/**', 50);
  const create = '$(new-file) New invocation file…';
  const picked =
    existing.length === 0
      ? { label: create, uri: undefined }
      : await vscode.window.showQuickPick(
          [
            ...existing.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
            { label: create, uri: undefined },
          ],
          { title: 'Add to Invocation File' },
        );
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: 'New Invocation File',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `invocations${INVOCATION_FILE_EXTENSION}`) : undefined,
    filters: { 'Invocation files': [INVOCATION_FILE_EXTENSION.slice(1)] },
  });
}

/** Appends `text` to the file (creating it), as an edit the person can undo, and shows it. */
async function append(file: vscode.Uri, text: string): Promise<vscode.Uri> {
  let exists = true;
  try {
    await vscode.workspace.fs.stat(file);
  } catch {
    exists = false;
  }
  if (!exists) await vscode.workspace.fs.writeFile(file, new Uint8Array(0));
  const document = await vscode.workspace.openTextDocument(file);
  const end = document.positionAt(document.getText().length);
  const separator =
    document.getText().length === 0 || document.getText().endsWith('\n\n')
      ? ''
      : document.getText().endsWith('\n')
        ? '\n'
        : '\n\n';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(file, end, `${separator}${text}`);
  await vscode.workspace.applyEdit(edit);
  const editor = await vscode.window.showTextDocument(document);
  const last = document.positionAt(document.getText().length);
  editor.revealRange(new vscode.Range(last, last));
  return file;
}

function optionLines(choices: {
  logTail: boolean;
  dryRun: boolean;
  clientContext?: unknown;
  tenantId?: string;
}): string[] {
  return [
    ...(choices.logTail ? [] : ['log none']),
    ...(choices.dryRun ? ['dry-run'] : []),
    ...(choices.tenantId ? [`tenant ${choices.tenantId}`] : []),
    ...(choices.clientContext ? [`client-context ${JSON.stringify(choices.clientContext)}`] : []),
  ];
}

/** `./payloads/a.json` relative to the invocation file, when it is on the same disk. */
function relativePayload(file: vscode.Uri, payload: vscode.Uri): string | undefined {
  if (file.scheme !== 'file') return undefined;
  const relative = path.relative(path.dirname(file.fsPath), payload.fsPath).split(path.sep).join('/');
  return relative.startsWith('..') || path.isAbsolute(relative) ? relative : `./${relative}`;
}

function connectionText(choice: ConnectionChoice): string {
  switch (choice.kind) {
    case 'local':
      return 'local';
    case 'aws':
      return `${choice.profile}/${choice.region}`;
    case 'custom':
      return `custom ${choice.name}`;
  }
}
