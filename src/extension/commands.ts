/**
 * The command table: one entry per contributed command, registered in a loop so the id prefix and the
 * disposal live in one place.
 */
import * as vscode from 'vscode';
import { commandId, Commands, type CommandName } from '../constants';
import { createHistoryCommands } from './history/historyCommands';
import type { HistoryFeature } from './history/registerHistory';
import { createInvokeCommands } from './invoke/registerInvoke';
import type { InvokeFeature } from './invoke/invokeFeature';
import { createPayloadCommands } from './payloads/payloadCommands';
import type { ExtensionContextServices } from './services';
import { createTreeCommands } from './tree/treeCommands';

type CommandHandler = (...args: unknown[]) => unknown;

/** The features whose commands the table holds, built once in `activate`. */
export interface CommandFeatures {
  readonly invoke: InvokeFeature;
  readonly history: HistoryFeature;
}

function createCommands(services: ExtensionContextServices, features: CommandFeatures): Record<CommandName, CommandHandler> {
  return {
    [Commands.showLog]: () => services.log.show(true),
    ...createTreeCommands(services),
    ...createInvokeCommands(features.invoke),
    ...createPayloadCommands(features.invoke),
    ...createHistoryCommands(features.invoke, features.history),
  };
}

export function registerCommands(services: ExtensionContextServices, features: CommandFeatures): void {
  const commands = createCommands(services, features);
  for (const [name, handler] of Object.entries(commands)) {
    services.context.subscriptions.push(vscode.commands.registerCommand(commandId(name as CommandName), handler));
  }
}
