/**
 * The status bar item that shows which connection palette invocations use (`$(vm) Local`, `$(cloud) dev
 * (eu-west-1)`); clicking it runs Select Profile and Region…. It follows `ConnectionStore.onDidChangeCurrent`, so
 * whatever sets the connection, the status bar says so.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { type ConnectionChoice, choiceLabel, type ConnectionStore } from '../connections';

const ICONS: Record<ConnectionChoice['kind'], string> = { local: 'vm', aws: 'cloud', custom: 'plug' };

/** Creates the item and keeps it current; dispose it to remove it. */
export function createConnectionStatus(connections: ConnectionStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lambdaStream.connection', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Lambda Stream Connection';
  item.command = commandId(Commands.selectConnection);
  const show = (choice: ConnectionChoice) => {
    item.text = `$(${ICONS[choice.kind]}) ${choiceLabel(choice)}`;
    item.tooltip = `Lambda Stream invokes through ${choiceLabel(choice)} from the command palette. Click to change.`;
  };
  show(connections.current);
  item.show();
  const listener = connections.onDidChangeCurrent(show);
  return vscode.Disposable.from(item, listener);
}
