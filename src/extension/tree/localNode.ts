/**
 * The "Local" connection: the bundled endpoint serving the workspace's functions folder or the sample functions.
 * Expanding it never starts the endpoint; a stopped or failed endpoint shows an item that starts it. In an untrusted
 * workspace it serves only the samples and says so, with the way to trust the workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localContextValue } from './contextValues';
import { commandId, Commands } from '../../constants';
import { LOCAL_CHOICE } from '../connections';
import type { LocalEndpointState } from '../localEndpoint';
import type { ConnectionCarrier } from '../targets';
import { FunctionList } from './functionList';
import type { TreeContext } from './treeContext';
import { MessageNode, type PagedParent, progressNode, type TreeNode } from './treeNode';

/** The Local connection; its children follow the endpoint's state (stopped, starting, failed, running). */
export class LocalNode implements PagedParent, ConnectionCarrier {
  readonly id = 'local';
  readonly connection = LOCAL_CHOICE;
  private readonly list: FunctionList;

  constructor(private readonly context: TreeContext) {
    this.list = new FunctionList(
      this,
      LOCAL_CHOICE,
      { endpoint: 'the Local endpoint' },
      context,
      'No handler files in the functions folder',
    );
  }

  treeItem(): vscode.TreeItem {
    const state = this.context.localEndpoint.state;
    const item = new vscode.TreeItem('Local', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = describeState(state);
    item.tooltip = new vscode.MarkdownString(tooltip(state));
    item.iconPath = new vscode.ThemeIcon(
      'vm',
      state.status === 'failed' ? new vscode.ThemeColor('errorForeground') : undefined,
    );
    item.contextValue = localContextValue(state.status);
    return item;
  }

  async children(): Promise<TreeNode[]> {
    const nodes: TreeNode[] = [];
    if (!vscode.workspace.isTrusted) {
      nodes.push(
        new MessageNode(
          `${this.id}|untrusted`,
          "Restricted Mode: only the bundled samples run, not this workspace's handlers",
          {
            icon: 'shield',
            tooltip: "Lambda Stream does not run a workspace's handler code until you trust the workspace.",
            action: { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
          },
        ),
      );
    }
    const state = this.context.localEndpoint.state;
    const start = commandId(Commands.startLocalEndpoint);
    switch (state.status) {
      case 'stopped':
        nodes.push(
          new MessageNode(`${this.id}|stopped`, 'Local endpoint stopped', {
            icon: 'debug-stop',
            action: { title: 'Start', command: start },
          }),
        );
        break;
      case 'starting':
        nodes.push(progressNode(`${this.id}|starting`, 'Starting the local endpoint…'));
        break;
      case 'failed':
        nodes.push(
          new MessageNode(`${this.id}|failed`, `Local endpoint failed: ${state.reason}`, {
            icon: 'error',
            color: 'errorForeground',
            action: { title: 'Restart', command: start },
          }),
        );
        break;
      case 'running': {
        const listWith = await this.context.listingConnection(LOCAL_CHOICE);
        if (listWith) nodes.push(...(await this.list.children(listWith)));
        break;
      }
    }
    return nodes;
  }

  requestMore(): void {
    this.list.requestMore();
  }

  reset(): void {
    this.list.reset();
  }
}

function describeState(state: LocalEndpointState): string {
  switch (state.status) {
    case 'stopped':
      return 'stopped';
    case 'starting':
      return 'starting…';
    case 'failed':
      return 'failed';
    case 'running':
      return `${state.functionsDir ? folderLabel(state.functionsDir) : 'samples'} · ${new URL(state.url).host}`;
  }
}

function tooltip(state: LocalEndpointState): string {
  const what = 'The bundled Lambda-compatible endpoint, on this machine.';
  if (state.status !== 'running') return what;
  const serving =
    state.source?.kind === 'project'
      ? `the functions of the project \`${state.source.path}\` (named by logical ID)`
      : state.functionsDir
        ? `the handlers in \`${state.functionsDir}\``
        : 'the bundled sample functions';
  return `${what}\n\nListening on \`${state.url}\`, serving ${serving}.`;
}

/** The folder relative to the workspace when inside it, else its full path. */
function folderLabel(dir: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
  return folder ? path.relative(folder.uri.fsPath, dir) || '.' : dir;
}
