import type * as vscode from 'vscode';

/** The small set of long-lived objects that commands and views receive, built once in `activate`. */
export interface ExtensionContextServices {
  readonly context: vscode.ExtensionContext;
  /** The extension's own log (not the functions' output). */
  readonly log: vscode.LogOutputChannel;
}
