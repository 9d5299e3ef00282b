/**
 * The command table: one entry per contributed command. The activation shell (src/extension.ts) registers every
 * command at activation, each guarded and each handing its call to this table, which exists once the features load.
 */
import { Commands, type CommandName } from '../constants';
import { createHistoryCommands } from './history/historyCommands';
import type { HistoryFeature } from './history/registerHistory';
import { createInvokeCommands } from './invoke/registerInvoke';
import type { InvokeFeature } from './invoke/invokeFeature';
import { createPayloadCommands } from './payloads/payloadCommands';
import type { ExtensionContextServices } from './services';
import { createTreeCommands } from './tree/treeCommands';
import { createInvocationCommands } from './invocationFiles/invocationCommands';
import type { InvocationFiles } from './invocationFiles/invocationFiles';

export type CommandHandler = (...args: unknown[]) => unknown;

/** The features whose commands the table holds, built once when the features load. */
export interface CommandFeatures {
  readonly invoke: InvokeFeature;
  readonly history: HistoryFeature;
  readonly invocationFiles: InvocationFiles;
}

/** Every command's handler, by name (without the `lambdaStream.` prefix). */
export function createCommands(
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
