/**
 * Wiring for the Functions view, called once when the features load (src/extension/features.ts): the provider with
 * the real sources behind the view the activation shell created (whose description shows the filter), the status bar
 * connection item following the current connection, and the Local endpoint following its settings. Everything created
 * is pushed to the extension's subscriptions.
 */
import * as vscode from 'vscode';
import { ContextKeys } from '../../constants';
import { config } from '../config';
import { localSource } from '../localSource';
import type { ConnectionStore } from '../connections';
import type { LocalEndpoint } from '../localEndpoint';
import type { ConnectionStatus } from './connectionStatus';
import { FunctionsTreeProvider } from './functionsTree';
import type { TreeNode } from './treeNode';
import { defaultTreeSources } from './treeSources';

/** The services the view needs, built in `activate`. */
export interface FunctionsViewInputs {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly localEndpoint: LocalEndpoint;
  readonly connections: ConnectionStore;
  /** Fires when the Local project may have changed (a template appeared or went); see ProjectDiagnostics. */
  readonly projectChanges?: vscode.Event<void>;
  /** The view, created at activation with a provider that hands every call to the one built here. */
  readonly view: vscode.TreeView<TreeNode>;
  /** The status bar connection item, created at activation. */
  readonly status: ConnectionStatus;
}

/** Builds the view's provider, which the tree commands act on. */
export function registerFunctionsView(inputs: FunctionsViewInputs): FunctionsTreeProvider {
  const tree = new FunctionsTreeProvider({ ...inputs, sources: defaultTreeSources() });
  const { view, status } = inputs;
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
  status.show(inputs.connections.current);
  inputs.context.subscriptions.push(tree, inputs.connections.onDidChangeCurrent(status.show));
  followLocalSettings(inputs);
  return tree;
}

/**
 * A running Local endpoint restarts when what it should serve changes (the functions-folder or project setting, a
 * project file appearing or going, or the workspace becoming trusted), so the view and the next invocation agree. A stopped endpoint stays stopped.
 */
function followLocalSettings({ context, localEndpoint, log, projectChanges }: FunctionsViewInputs): void {
  const restart = () => {
    if (localEndpoint.state.status !== 'running' || localEndpoint.serves(localSource())) return;
    localEndpoint
      .ensureStarted(localSource())
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
