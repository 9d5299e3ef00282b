/**
 * The Functions view's data: connections at the top (Local, custom endpoints, AWS profiles), their functions below.
 * `getChildren` only lists; refreshing, paging and filtering are methods the tree commands call. The provider does
 * not own the view, so tests can build one with fake sources and walk it without registering a second view.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import type { Connection } from '../../core/aws/connection';
import { config } from '../config';
import { type ConnectionChoice, type ConnectionStore, ENVIRONMENT_PROFILE } from '../connections';
import type { LocalEndpoint } from '../localEndpoint';
import { CustomEndpointNode, ProfileNode } from './connectionNodes';
import { LocalNode } from './localNode';
import type { TreeContext, TreeSources } from './treeContext';
import { LoadMoreNode, MessageNode, type TreeNode } from './treeNode';

/** What the provider is built from; the extension passes `defaultTreeSources()`, tests their own sources. */
export interface FunctionsTreeInputs {
  readonly localEndpoint: LocalEndpoint;
  readonly connections: ConnectionStore;
  readonly log: vscode.LogOutputChannel;
  readonly sources: TreeSources;
}

/** The provider behind `lambdaStream.functions`; the tree commands call its refresh, paging and filter methods. */
export class FunctionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = new vscode.EventEmitter<string>();
  /** Fires with the new filter text (blank when cleared). */
  readonly onDidChangeFilter = this.filterChanged.event;
  private readonly context: TreeContext;
  private readonly local: LocalNode;
  private roots: Promise<TreeNode[]> | undefined;
  private filter = '';
  private readonly disposables: vscode.Disposable[] = [this.changed, this.filterChanged];

  constructor(private readonly inputs: FunctionsTreeInputs) {
    this.context = {
      sources: inputs.sources,
      localEndpoint: inputs.localEndpoint,
      log: inputs.log,
      filterText: () => this.filter,
      listingConnection: (choice) => this.listingConnection(choice),
      changed: (node) => this.changed.fire(node),
    };
    this.local = new LocalNode(this.context);
    inputs.localEndpoint.onDidChangeState(() => this.refresh(this.local), null, this.disposables);
    vscode.workspace.onDidChangeConfiguration(
      (event) => {
        if (config.affects(event, 'regions') || config.affects(event, 'customEndpoints')) this.refresh();
      },
      null,
      this.disposables,
    );
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh(this.local), null, this.disposables);
  }

  /** Where the nodes' data comes from (the tree commands read through the same sources). */
  get sources(): TreeSources {
    return this.inputs.sources;
  }

  /** The filter as typed; blank when none. */
  get filterText(): string {
    return this.filter;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children?.() ?? Promise.resolve([]);
    this.roots ??= this.listRoots();
    return this.roots;
  }

  /** Lists a node again, or everything (profiles re-read) when no node is given. */
  refresh(node?: TreeNode): void {
    if (node) {
      node.reset?.();
    } else {
      this.roots = undefined;
      this.local.reset();
    }
    this.changed.fire(node);
  }

  /** Shows one more page under the node the "Load more…" item belongs to. */
  loadMore(item: LoadMoreNode): void {
    item.parent.requestMore();
    this.changed.fire(item.parent);
  }

  /** Narrows every function listing to names containing `text` (case-insensitive); blank clears it. */
  setFilter(text: string): void {
    this.filter = text.trim();
    this.filterChanged.fire(this.filter);
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async listRoots(): Promise<TreeNode[]> {
    const nodes: TreeNode[] = [this.local];
    for (const endpoint of config.customEndpoints()) nodes.push(new CustomEndpointNode(endpoint, this.context));
    try {
      const found = await this.inputs.sources.profiles();
      for (const profile of found.profiles)
        nodes.push(new ProfileNode(profile.name, profile, found.environmentRegion, this.context));
      if (found.environmentCredentials)
        nodes.push(new ProfileNode(ENVIRONMENT_PROFILE, undefined, found.environmentRegion, this.context));
      if (found.profiles.length === 0 && !found.environmentCredentials) {
        nodes.push(
          new MessageNode('aws|none', 'No AWS profiles found', {
            tooltip: `No profiles in ${found.configFile} or ${found.credentialsFile}, and no credentials in the environment. Run \`aws configure\`, then refresh.`,
            action: { title: 'Refresh', command: commandId(Commands.refreshFunctions) },
          }),
        );
      }
    } catch (error) {
      this.inputs.log.warn(
        `Reading the AWS profiles failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      nodes.push(
        new MessageNode('aws|error', 'The AWS config files could not be read', {
          icon: 'error',
          action: { title: 'Show Log', command: commandId(Commands.showLog) },
        }),
      );
    }
    return nodes;
  }

  /** Listing never starts anything: Local lists only while its endpoint runs. */
  private async listingConnection(choice: ConnectionChoice): Promise<Connection | undefined> {
    if (choice.kind === 'local') {
      const state = this.inputs.localEndpoint.state;
      if (state.status !== 'running') return undefined;
      return {
        kind: 'endpoint',
        endpoint: state.url,
        ...(state.sessionKeys ? { credentials: state.sessionKeys } : {}),
      };
    }
    return this.inputs.connections.resolve(choice);
  }
}
