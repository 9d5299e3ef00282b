/**
 * The command table: one entry per contributed command, registered in a loop so the id prefix and the
 * disposal live in one place.
 */
import * as vscode from 'vscode';
import { commandId, Commands, type CommandName } from '../constants';
import type { ExtensionContextServices } from './services';

type CommandHandler = (...args: unknown[]) => unknown;

function createCommands(services: ExtensionContextServices): Record<CommandName, CommandHandler> {
  return {
    [Commands.showLog]: () => services.log.show(true),
  };
}

export function registerCommands(services: ExtensionContextServices): void {
  const commands = createCommands(services);
  for (const [name, handler] of Object.entries(commands)) {
    services.context.subscriptions.push(vscode.commands.registerCommand(commandId(name as CommandName), handler));
  }
}
