/**
 * Activation: builds the extension's services and registers everything into `context.subscriptions`.
 * Wiring only; behaviour lives in src/extension/* (VS Code layer) and src/core/* (plain Node).
 */
import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import { registerCommands } from './extension/commands';
import { ExtensionContextServices } from './extension/services';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  const services: ExtensionContextServices = { context, log };
  registerCommands(services);
  log.info(`Lambda Stream ${context.extension.packageJSON.version} activated (VS Code ${vscode.version}).`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
