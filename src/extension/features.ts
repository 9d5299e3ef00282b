/**
 * The extension's features, built into their own bundle (dist/features.js) and loaded on first use: the first
 * command, a request to one of the providers or the Functions view, a document the diagnostics must read, or a Local
 * source whose files on disk the diagnostics check. Activation (src/extension.ts) only registers; this module builds
 * the services and features behind those registrations, once, and hands back what the registrations call.
 */
import * as vscode from 'vscode';
import { type CommandName } from '../constants';
import { type CommandHandler, createCommands } from './commands';
import { ConnectionStore } from './connections';
import { registerHistoryFeatures } from './history/registerHistory';
import { registerInvocationFiles } from './invocationFiles/registerInvocationFiles';
import type { InvocationCompletionProvider, InvocationHoverProvider } from './invocationFiles/invocationLanguage';
import type { InvocationCodeLensProvider } from './invocationFiles/invocationCodeLens';
import { createInvokeFeature } from './invoke/registerInvoke';
import { LocalEndpoint } from './localEndpoint';
import { watchLocalEndpoint } from './localEndpointWatch';
import { ManifestDiagnostics } from './manifestDiagnostics';
import type { ResponseDocumentProvider } from './output/responseDocument';
import type { PayloadCodeLensProvider } from './payloads/payloadCodeLens';
import type { PayloadQuickFixProvider } from './payloads/payloadQuickFixes';
import { registerPayloadFeatures } from './payloads/registerPayloads';
import { ProjectDiagnostics } from './projectDiagnostics';
import type { ExtensionContextServices } from './services';
import type { ConnectionStatus } from './tree/connectionStatus';
import type { FunctionsTreeProvider } from './tree/functionsTree';
import { registerFunctionsView } from './tree/registerFunctionsView';
import { defaultTreeSources } from './tree/treeSources';
import type { TreeNode } from './tree/treeNode';

/** What activation created and hands to the features. */
export interface ActivationShell {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The Functions view; its provider hands every call to {@link Features.tree}. */
  readonly view: vscode.TreeView<TreeNode>;
  readonly status: ConnectionStatus;
}

/** What the registrations made at activation call. */
export interface Features {
  readonly commands: Record<CommandName, CommandHandler>;
  readonly tree: FunctionsTreeProvider;
  readonly documents: ResponseDocumentProvider;
  readonly payloadCodeLens: PayloadCodeLensProvider;
  readonly payloadQuickFixes: PayloadQuickFixProvider;
  readonly invocationCodeLens: InvocationCodeLensProvider;
  readonly invocationCompletion: InvocationCompletionProvider;
  readonly invocationHover: InvocationHoverProvider;
}

/** Builds every feature; what it creates is disposed with the extension (`context.subscriptions`). */
export function startFeatures({ context, log, view, status }: ActivationShell): Features {
  const localEndpoint = new LocalEndpoint(context.extensionPath, log);
  const connections = new ConnectionStore(context.globalState, localEndpoint);
  context.subscriptions.push(localEndpoint, connections);

  const project = new ProjectDiagnostics();
  context.subscriptions.push(project);
  const functionsTree = registerFunctionsView({
    context,
    log,
    localEndpoint,
    connections,
    projectChanges: project.onDidChangeProject,
    view,
    status,
  });
  const services: ExtensionContextServices = { context, log, localEndpoint, connections, functionsTree };
  const sources = defaultTreeSources();
  const invoke = createInvokeFeature(services, sources);
  const payloads = registerPayloadFeatures(services, invoke);
  const history = registerHistoryFeatures(services, invoke);
  const invocationFiles = registerInvocationFiles(services, sources);
  context.subscriptions.push(
    watchLocalEndpoint(localEndpoint, invoke.registry, invoke.gate),
    new ManifestDiagnostics(),
  );
  return {
    commands: createCommands(services, { invoke, history, invocationFiles: invocationFiles.files }),
    tree: functionsTree,
    documents: invoke.documents,
    payloadCodeLens: payloads.codeLens,
    payloadQuickFixes: payloads.quickFixes,
    invocationCodeLens: invocationFiles.codeLens,
    invocationCompletion: invocationFiles.completion,
    invocationHover: invocationFiles.hover,
  };
}
