/**
 * The status bar item that shows which connection palette invocations use (`$(vm) Local`, `$(cloud) dev
 * (eu-west-1)`); clicking it runs Select Profile and Region…. Created at activation from the remembered choice
 * (connectionChoice.ts, nothing heavy); once the features have loaded it follows `ConnectionStore.onDidChangeCurrent`,
 * so whatever sets the connection, the status bar says so.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { type ConnectionChoice, choiceLabel } from '../connectionChoice';

const ICONS: Record<ConnectionChoice['kind'], string> = { local: 'vm', aws: 'cloud', custom: 'plug' };

/** The item; `show` puts another choice in it. Dispose it to remove it. */
export interface ConnectionStatus extends vscode.Disposable {
  show(choice: ConnectionChoice): void;
}

/** Creates the item showing `initial`. */
export function createConnectionStatus(initial: ConnectionChoice): ConnectionStatus {
  const item = vscode.window.createStatusBarItem('lambdaStream.connection', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Lambda Stream Connection';
  item.command = commandId(Commands.selectConnection);
  const show = (choice: ConnectionChoice) => {
    item.text = `$(${ICONS[choice.kind]}) ${choiceLabel(choice)}`;
    item.tooltip = `Lambda Stream invokes through ${choiceLabel(choice)} from the command palette. Click to change.`;
  };
  show(initial);
  item.show();
  return { show, dispose: () => item.dispose() };
}
