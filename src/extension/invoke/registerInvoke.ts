/**
 * The invoke feature's entries for the extension's one command table (src/extension/commands.ts), and the factory
 * that builds the feature once and registers it for disposal. Arguments are normalised by the flows
 * (`normaliseCommandArgs`), so a Functions-view node, an explorer file or nothing (the palette) all work.
 */
import { Commands } from '../../constants';
import type { ExtensionContextServices } from '../services';
import { invokeAnotherFunction, invokeWithArgs, rerunLastInvocation } from './invokeFlows';
import { InvokeFeature } from './invokeFeature';
import { cancelInvocation, saveOutput, showOutput } from '../output/outputCommands';
import type { FunctionSource } from './targetPicker';

type Handler = (...args: unknown[]) => unknown;
type InvokeCommandName = (typeof Commands)[
  | 'invoke'
  | 'invokeWithOptions'
  | 'invokeLastTarget'
  | 'rerunLastInvocation'
  | 'cancelInvocation'
  | 'saveOutput'
  | 'showOutput'
  | 'dryRun'
  | 'invokeFunctionUrl'];

/** Builds the invoke feature (documents, channel, registry, history, runner); `sources` lists functions for the pick. */
export function createInvokeFeature(services: ExtensionContextServices, sources: FunctionSource): InvokeFeature {
  const feature: InvokeFeature = new InvokeFeature(
    services,
    sources,
    (request) => void invokeAnotherFunction(feature, request),
  );
  services.context.subscriptions.push(feature);
  return feature;
}

/** The handlers of the invoke commands. */
export function createInvokeCommands(feature: InvokeFeature): Record<InvokeCommandName, Handler> {
  return {
    [Commands.invoke]: (...args) => invokeWithArgs(feature, args, 'pick'),
    [Commands.invokeWithOptions]: (...args) => invokeWithArgs(feature, args, 'options'),
    [Commands.invokeLastTarget]: (...args) => invokeWithArgs(feature, args, 'lastTarget'),
    [Commands.dryRun]: (...args) => invokeWithArgs(feature, args, 'dryRun'),
    [Commands.invokeFunctionUrl]: (...args) => invokeWithArgs(feature, args, 'functionUrl'),
    [Commands.rerunLastInvocation]: () => rerunLastInvocation(feature),
    [Commands.cancelInvocation]: (arg) => cancelInvocation(feature, arg),
    [Commands.saveOutput]: (arg) => saveOutput(feature, arg),
    [Commands.showOutput]: (arg) => showOutput(feature, arg),
  };
}
