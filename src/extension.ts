/**
 * Activation: builds the extension's services and registers everything into `context.subscriptions`.
 * Wiring only; behaviour lives in src/extension/* (VS Code layer) and src/core/* (plain Node).
 */
import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import { registerCommands, reportFailure } from './extension/commands';
import { guard } from './extension/guard';
import { ConnectionStore } from './extension/connections';
import { registerHistoryFeatures } from './extension/history/registerHistory';
import { createInvokeFeature } from './extension/invoke/registerInvoke';
import { LocalEndpoint } from './extension/localEndpoint';
import { watchLocalEndpoint } from './extension/localEndpointWatch';
import { ManifestDiagnostics } from './extension/manifestDiagnostics';
import { ProjectDiagnostics } from './extension/projectDiagnostics';
import { registerInvocationFiles } from './extension/invocationFiles/registerInvocationFiles';
import { registerPayloadFeatures } from './extension/payloads/registerPayloads';
import type { ExtensionContextServices } from './extension/services';
import { registerFunctionsView } from './extension/tree/registerFunctionsView';
import { defaultTreeSources } from './extension/tree/treeSources';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  // A failure while wiring up is one sentence and a log entry; whatever registered before it stays registered.
  guard('activation', () => activateFeatures(context, log), reportFailure(log))();
}

function activateFeatures(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
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
  });
  const services: ExtensionContextServices = { context, log, localEndpoint, connections, functionsTree };
  const sources = defaultTreeSources();
  const invoke = createInvokeFeature(services, sources);
  registerPayloadFeatures(services, invoke);
  const history = registerHistoryFeatures(services, invoke);
  const invocationFiles = registerInvocationFiles(services, sources);
  registerCommands(services, { invoke, history, invocationFiles });
  context.subscriptions.push(
    watchLocalEndpoint(localEndpoint, invoke.registry, invoke.gate),
    new ManifestDiagnostics(),
  );
  log.info(`Lambda Stream ${context.extension.packageJSON.version} activated (VS Code ${vscode.version}).`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
