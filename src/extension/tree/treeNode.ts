/**
 * The shape every Functions-view node has, and the two leaf kinds every level uses: a message (an empty or error
 * state, clickable to fix it) and "Load more…". Errors are tree items rather than pop-ups, so expanding a region
 * with no credentials shows why and what to do in place, once.
 */
import * as vscode from 'vscode';
import { ContextValues } from './contextValues';
import { commandId, Commands } from '../../constants';

/** A node of the Functions view. Ids are stable across refreshes, so VS Code keeps what was expanded. */
export interface TreeNode {
  readonly id: string;
  treeItem(): vscode.TreeItem;
  /** Lists the children; never starts, signs in or changes anything. */
  children?(): Promise<TreeNode[]>;
  /** Forgets what was listed, so the next expansion lists again (Refresh). */
  reset?(): void;
}

/** Something a message item does when clicked. */
export interface MessageAction {
  /** Shown after the message, e.g. `Select Profile…`. */
  readonly title: string;
  readonly command: string;
  readonly arguments?: readonly unknown[];
}

/** How a message item looks and what clicking it does. */
export interface MessageOptions {
  readonly icon?: string;
  readonly color?: string;
  readonly tooltip?: string;
  readonly action?: MessageAction;
}

/** An empty or error state: `No functions in this region`, `Local endpoint stopped — Start`. */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly label: string,
    private readonly options: MessageOptions = {},
  ) {}

  treeItem(): vscode.TreeItem {
    const { action, icon, color, tooltip } = this.options;
    const item = new vscode.TreeItem(action ? `${this.label} — ${action.title}` : this.label);
    item.id = this.id;
    item.contextValue = ContextValues.message;
    item.iconPath = new vscode.ThemeIcon(icon ?? 'info', color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = tooltip ?? this.label;
    if (action)
      item.command = {
        title: action.title,
        command: action.command,
        arguments: action.arguments ? [...action.arguments] : undefined,
      };
    return item;
  }
}

/** A node whose children arrive page by page. */
export interface PagedParent extends TreeNode {
  /** Asks for one more page; the tree then re-renders the parent. */
  requestMore(): void;
}

/** The last child of a paged listing; clicking it loads the next page. */
export class LoadMoreNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly parent: PagedParent,
    private readonly note?: string,
  ) {
    this.id = `${parent.id}|load-more`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…');
    item.id = this.id;
    item.description = this.note;
    item.contextValue = ContextValues.loadMore;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { title: 'Load more…', command: commandId(Commands.loadMoreFunctions), arguments: [this] };
    return item;
  }
}

/** A "Starting…" placeholder while something the node depends on is on its way. */
export function progressNode(id: string, label: string): MessageNode {
  return new MessageNode(id, label, { icon: 'loading~spin' });
}
