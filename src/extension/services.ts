import type * as vscode from 'vscode';
import type { ConnectionStore } from './connections';
import type { LocalEndpoint } from './localEndpoint';
import type { FunctionsTreeProvider } from './tree/functionsTree';

/** The small set of long-lived objects that commands and views receive, built once in `activate`. */
export interface ExtensionContextServices {
  readonly context: vscode.ExtensionContext;
  /** The extension's own log (not the functions' output). */
  readonly log: vscode.LogOutputChannel;
  /** The Local connection's endpoint process. */
  readonly localEndpoint: LocalEndpoint;
  /** Available connections and the current one. */
  readonly connections: ConnectionStore;
  /** The Functions view's data; its commands refresh, page and filter it. */
  readonly functionsTree: FunctionsTreeProvider;
}
