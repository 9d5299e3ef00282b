/**
 * The invoke feature's entries for the extension's one command table (src/extension/commands.ts). Builds the
 * feature once, registers it for disposal, and maps each command to its flow. Arguments are normalised by the flows
 * (`normaliseCommandArgs`), so a Functions-view node, an explorer file or nothing (the palette) all work.
 */
import { Commands } from '../../constants';
import type { ExtensionContextServices } from '../services';
import { invokeAnotherFunction, invokeWithArgs, rerunLastInvocation } from './invokeCommand';
import { InvokeFeature } from './invokeFeature';
import { cancelInvocation, saveOutput, showOutput } from './outputCommands';
import type { FunctionSource } from './targetPicker';

type Handler = (...args: unknown[]) => unknown;
type InvokeCommandName = (typeof Commands)['invoke' | 'invokeWithOptions' | 'invokeLastTarget' | 'rerunLastInvocation' | 'cancelInvocation' | 'saveOutput' | 'showOutput'];

/** The handlers of the invoke commands; `sources` lists functions for the target pick. */
export function createInvokeCommands(services: ExtensionContextServices, sources: FunctionSource): Record<InvokeCommandName, Handler> {
  const feature: InvokeFeature = new InvokeFeature(services, sources, (request) => void invokeAnotherFunction(feature, request));
  services.context.subscriptions.push(feature);
  return {
    [Commands.invoke]: (...args) => invokeWithArgs(feature, args, 'pick'),
    [Commands.invokeWithOptions]: (...args) => invokeWithArgs(feature, args, 'options'),
    [Commands.invokeLastTarget]: (...args) => invokeWithArgs(feature, args, 'lastTarget'),
    [Commands.rerunLastInvocation]: () => rerunLastInvocation(feature),
    [Commands.cancelInvocation]: (arg) => cancelInvocation(feature, arg),
    [Commands.saveOutput]: (arg) => saveOutput(feature, arg),
    [Commands.showOutput]: (arg) => showOutput(feature, arg),
  };
}
