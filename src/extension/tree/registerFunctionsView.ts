/**
 * Wiring for the Functions view, called once from `activate`: the provider with the real sources, the view (whose
 * description shows the filter), the status bar connection item, and the Local endpoint following its settings.
 * Everything created is pushed to the extension's subscriptions.
 */
import * as vscode from 'vscode';
import { ContextKeys, Views } from '../../constants';
import { config } from '../config';
import type { ConnectionStore } from '../connections';
import type { LocalEndpoint } from '../localEndpoint';
import { createConnectionStatus } from './connectionStatus';
import { FunctionsTreeProvider } from './functionsTree';
import { defaultTreeSources } from './treeSources';

/** The services the view needs, built in `activate`. */
export interface FunctionsViewInputs {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly localEndpoint: LocalEndpoint;
  readonly connections: ConnectionStore;
  /** Fires when the Local project may have changed (a template appeared or went); see ProjectDiagnostics. */
  readonly projectChanges?: vscode.Event<void>;
}

/** Registers the view and returns its provider, which the tree commands act on. */
export function registerFunctionsView(inputs: FunctionsViewInputs): FunctionsTreeProvider {
  const tree = new FunctionsTreeProvider({ ...inputs, sources: defaultTreeSources() });
  const view = vscode.window.createTreeView(Views.functions, { treeDataProvider: tree, showCollapseAll: true });
  tree.onDidChangeFilter(
    (text) => {
      view.description = text ? `Filter: ${text}` : undefined;
      // A single view is merged into its container's title, which hides the description: say it above the tree too.
      view.message = text ? `Showing functions whose name contains "${text}".` : undefined;
      void vscode.commands.executeCommand('setContext', ContextKeys.functionsFiltered, text !== '');
    },
    null,
    inputs.context.subscriptions,
  );
  inputs.context.subscriptions.push(tree, view, createConnectionStatus(inputs.connections));
  followLocalSettings(inputs);
  return tree;
}

/**
 * A running Local endpoint restarts when what it should serve changes (the functions-folder or project setting, a
 * project file appearing or going, or the workspace becoming trusted), so the view and the next invocation agree. A stopped endpoint stays stopped.
 */
function followLocalSettings({ context, localEndpoint, log, projectChanges }: FunctionsViewInputs): void {
  const restart = () => {
    if (localEndpoint.state.status !== 'running' || localEndpoint.serves(config.localSource())) return;
    localEndpoint
      .ensureStarted(config.localSource())
      .catch((error: unknown) => log.error(error instanceof Error ? error.message : String(error)));
  };
  vscode.workspace.onDidChangeConfiguration(
    (event) => (config.affects(event, 'local.functionsDir') || config.affects(event, 'local.project')) && restart(),
    null,
    context.subscriptions,
  );
  vscode.workspace.onDidGrantWorkspaceTrust(restart, null, context.subscriptions);
  projectChanges?.(restart, null, context.subscriptions);
}
