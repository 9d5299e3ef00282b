/**
 * The command table: one entry per contributed command, registered in a loop so the id prefix and the
 * disposal live in one place.
 */
import * as vscode from 'vscode';
import { commandId, Commands, type CommandName } from '../constants';
import type { ExtensionContextServices } from './services';
import { createInvokeCommands } from './invoke/invokeCommands';
import { createTreeCommands } from './tree/treeCommands';
import { defaultTreeSources } from './tree/treeSources';

type CommandHandler = (...args: unknown[]) => unknown;

function createCommands(services: ExtensionContextServices): Record<CommandName, CommandHandler> {
  return {
    [Commands.showLog]: () => services.log.show(true),
    ...createTreeCommands(services),
    ...createInvokeCommands(services, defaultTreeSources()),
  };
}

export function registerCommands(services: ExtensionContextServices): void {
  const commands = createCommands(services);
  for (const [name, handler] of Object.entries(commands)) {
    services.context.subscriptions.push(vscode.commands.registerCommand(commandId(name as CommandName), handler));
  }
}
