/**
 * Activation: registrations only. Every command, the Functions view, the connection status item, the language
 * providers and the response-document provider are registered here, each handing its calls to the features
 * (src/extension/features.ts, its own bundle dist/features.js), which load on first use: the first command, provider
 * request or view request, or a document or Local source the diagnostics must check (featureTriggers.ts). Nothing
 * here imports the features' code; `npm run bench` measures this file's load and the `activate` call (activate_ms).
 */
import * as vscode from 'vscode';
import {
  type CommandName,
  commandId,
  Commands,
  INVOCATION_LANGUAGE,
  LOG_CHANNEL_NAME,
  RESPONSE_SCHEME,
  Views,
} from './constants';
import { storedChoice } from './extension/connectionChoice';
import type { ActivationShell, Features } from './extension/features';
import { documentNeedsFeatures, localSourceNeedsFeatures } from './extension/featureTriggers';
import { guard } from './extension/guard';
import { reportFailure } from './extension/reportFailure';
import { createConnectionStatus } from './extension/tree/connectionStatus';
import type { TreeNode } from './extension/tree/treeNode';

/** Payload files are JSON documents, and `.json` files whose language was switched (say, to plain text). */
const PAYLOAD_DOCUMENTS: vscode.DocumentSelector = [{ language: 'json' }, { scheme: 'file', pattern: '**/*.json' }];
const INVOCATION_DOCUMENTS: vscode.DocumentSelector = { language: INVOCATION_LANGUAGE };

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  const report = reportFailure(log);
  // A failure while registering is one sentence and a log entry; whatever registered before it stays registered.
  guard('activation', () => register(context, log, report), report)();
  log.info(`Lambda Stream ${context.extension.packageJSON.version} activated (VS Code ${vscode.version}).`);
}

function register(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  report: ReturnType<typeof reportFailure>,
): void {
  const changes = {
    tree: new vscode.EventEmitter<TreeNode | undefined | void>(),
    documents: new vscode.EventEmitter<vscode.Uri>(),
    payloadCodeLens: new vscode.EventEmitter<void>(),
    invocationCodeLens: new vscode.EventEmitter<void>(),
  };
  const view = vscode.window.createTreeView<TreeNode>(Views.functions, {
    treeDataProvider: {
      onDidChangeTreeData: changes.tree.event,
      getTreeItem: (node) => features().tree.getTreeItem(node),
      getChildren: (node) => features().tree.getChildren(node),
    },
    showCollapseAll: true,
  });
  const status = createConnectionStatus(storedChoice(context.globalState));
  context.subscriptions.push(...Object.values(changes), view, status);

  let loaded: Features | undefined;
  let failure: unknown;
  /** The features, loaded at the first call; a load that failed is not tried again (its registrations would double). */
  function features(): Features {
    if (loaded) return loaded;
    if (failure !== undefined) throw failure;
    try {
      const started = performance.now();
      // Its own bundle, required at run time (esbuild.mjs keeps it external): loading it is the cost activation avoids.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startFeatures } = require('./features.js') as { startFeatures(shell: ActivationShell): Features };
      const built = startFeatures({ context, log, view, status });
      context.subscriptions.push(
        built.tree.onDidChangeTreeData((node) => changes.tree.fire(node)),
        built.documents.onDidChange((uri) => changes.documents.fire(uri)),
        built.payloadCodeLens.onDidChangeCodeLenses(() => changes.payloadCodeLens.fire()),
        built.invocationCodeLens.onDidChangeCodeLenses(() => changes.invocationCodeLens.fire()),
      );
      loaded = built;
      log.info(`Features loaded in ${(performance.now() - started).toFixed(0)} ms.`);
      return built;
    } catch (error) {
      failure = error;
      throw error;
    }
  }

  const titles = commandTitles(context);
  for (const name of Object.values(Commands) as CommandName[]) {
    const id = commandId(name);
    const handler = guard(titles.get(id) ?? id, (...args: unknown[]) => features().commands[name](...args), report);
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, {
      onDidChange: changes.documents.event,
      provideTextDocumentContent: (uri) => features().documents.provideTextDocumentContent(uri),
    }),
    vscode.languages.registerCodeLensProvider(PAYLOAD_DOCUMENTS, {
      onDidChangeCodeLenses: changes.payloadCodeLens.event,
      provideCodeLenses: (document) => features().payloadCodeLens.provideCodeLenses(document),
    }),
    vscode.languages.registerCodeActionsProvider(
      PAYLOAD_DOCUMENTS,
      {
        provideCodeActions: (document, range, codeActionContext) =>
          features().payloadQuickFixes.provideCodeActions(document, range, codeActionContext),
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.languages.registerCodeLensProvider(INVOCATION_DOCUMENTS, {
      onDidChangeCodeLenses: changes.invocationCodeLens.event,
      provideCodeLenses: (document) => features().invocationCodeLens.provideCodeLenses(document),
    }),
    vscode.languages.registerCompletionItemProvider(
      INVOCATION_DOCUMENTS,
      {
        provideCompletionItems: (document, position, token) =>
          features().invocationCompletion.provideCompletionItems(document, position, token),
      },
      '{',
      '@',
      ' ',
    ),
    vscode.languages.registerHoverProvider(INVOCATION_DOCUMENTS, {
      provideHover: (document, position) => features().invocationHover.provideHover(document, position),
    }),
  );

  // Loads the features for the diagnostics, unless they are loaded; a failure is told once, like a command's.
  const load = guard('loading the extension', () => void features(), report);
  const loadFor = (document: vscode.TextDocument) => {
    if (!loaded && failure === undefined && documentNeedsFeatures(document, context.workspaceState)) load();
  };
  const loadForLocalSource = () => !loaded && failure === undefined && localSourceNeedsFeatures() && load();
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(loadFor),
    vscode.workspace.onDidChangeConfiguration(
      (event) => event.affectsConfiguration('lambdaStream.local') && loadForLocalSource(),
    ),
    vscode.workspace.onDidGrantWorkspaceTrust(loadForLocalSource),
    vscode.workspace.onDidChangeWorkspaceFolders(loadForLocalSource),
  );
  // What is open already, or on disk, is checked as soon as activation has returned: after it, not inside it.
  setTimeout(() => {
    for (const document of vscode.workspace.textDocuments) loadFor(document);
    loadForLocalSource();
  }, 0);
}

/** Each contributed command's title as the palette shows it (`Invoke Function…`), by command id. */
function commandTitles(context: vscode.ExtensionContext): Map<string, string> {
  const contributed =
    (context.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } }).contributes
      ?.commands ?? [];
  return new Map(contributed.map((command) => [command.command, command.title]));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
