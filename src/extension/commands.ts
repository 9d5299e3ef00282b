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
import { type FailureReport, guard } from './guard';
import type { ExtensionContextServices } from './services';
import { errorMessageWithoutSecrets } from '../core/errors/redaction';
import { createTreeCommands } from './tree/treeCommands';
import { createInvocationCommands } from './invocationFiles/invocationCommands';
import type { InvocationFiles } from './invocationFiles/invocationFiles';

type CommandHandler = (...args: unknown[]) => unknown;

/** The features whose commands the table holds, built once in `activate`. */
export interface CommandFeatures {
  readonly invoke: InvokeFeature;
  readonly history: HistoryFeature;
  readonly invocationFiles: InvocationFiles;
}

function createCommands(
  services: ExtensionContextServices,
  features: CommandFeatures,
): Record<CommandName, CommandHandler> {
  return {
    [Commands.showLog]: () => services.log.show(true),
    ...createTreeCommands(services),
    ...createInvokeCommands(features.invoke),
    ...createPayloadCommands(features.invoke),
    ...createHistoryCommands(features.invoke, features.history),
    ...createInvocationCommands({
      feature: features.invoke,
      services,
      files: features.invocationFiles,
      history: features.history,
    }),
  };
}

/**
 * Registers every command, each guarded: a handler that throws or rejects shows one sentence naming the command and
 * logs the error with its stack, instead of failing silently.
 */
export function registerCommands(services: ExtensionContextServices, features: CommandFeatures): void {
  const commands = createCommands(services, features);
  const titles = commandTitles(services.context);
  for (const [name, handler] of Object.entries(commands)) {
    const id = commandId(name as CommandName);
    const guarded = guard(titles.get(id) ?? id, handler, reportFailure(services.log));
    services.context.subscriptions.push(vscode.commands.registerCommand(id, guarded));
  }
}

/** Shows the sentence and logs the error with its stack (masked). */
export function reportFailure(log: vscode.LogOutputChannel): FailureReport {
  return (sentence, error) => {
    const stack = error instanceof Error && error.stack ? `\n${errorMessageWithoutSecrets(error.stack)}` : '';
    log.error(`${sentence}${stack}`);
    void vscode.window.showErrorMessage(sentence);
  };
}

/** Each contributed command's title as the palette shows it (`Invoke Function…`), by command id. */
function commandTitles(context: vscode.ExtensionContext): Map<string, string> {
  const contributed =
    (context.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } }).contributes
      ?.commands ?? [];
  return new Map(contributed.map((command) => [command.command, command.title]));
}
