/**
 * The invoke flows behind the commands: find the payload (and check it: invalid JSON is never sent), find the
 * options (settings, checked by Lambda's rules, or the "Invoke with Options…" steps), find the target (given by a
 * Functions-view node, remembered, or picked; checked by Lambda's naming rules), then run. Each returns the
 * invocation's summary, or undefined when nothing was sent.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { choiceLabel } from '../connections';
import { normaliseCommandArgs } from '../targets';
import type { FunctionTarget } from '../targets';
import type { InvocationSummary } from '../output/invocation';
import type { InvokeFeature } from './invokeFeature';
import type { InvocationRequest, InvokeChoices, PayloadSource } from '../request';
import { choicesFromSettings, pickInvokeChoices } from './invokeOptions';
import { checkPayload, displayName, resolvePayload } from './payloadSource';
import { refuseSetting, refuseTarget, targetProblem } from './requestChecks';
import { pickTarget } from './targetPicker';
import { urlRequestFromText } from '../../core/engine/functionUrlCall';
import { LambdaStreamError } from '../../core/errors/classify';

/** Why this payload cannot be sent as a function-URL request (its request shape is wrong), or undefined. */
function urlRequestProblem(text: string): string | undefined {
  try {
    urlRequestFromText(text);
    return undefined;
  } catch (error) {
    if (error instanceof LambdaStreamError) return error.message;
    throw error;
  }
}

/**
 * `pick`: Invoke Function…; `options`: Invoke with Options…; `lastTarget`: Invoke with Last Target;
 * `payloadFile`: Invoke with This Payload (the file's bound target, asked for once); `dryRun`: Dry Run (likewise).
 */
export type InvokeMode = 'pick' | 'options' | 'lastTarget' | 'payloadFile' | 'dryRun' | 'functionUrl';

const PICK_TITLES: Record<InvokeMode, string> = {
  pick: 'Invoke Function',
  options: 'Invoke with Options (2/2): choose the function',
  lastTarget: 'Invoke Function',
  payloadFile: 'Invoke with This Payload: choose the function',
  dryRun: 'Dry Run: choose the function',
  functionUrl: 'Invoke Function URL: choose the function',
};

/** Runs an invoke command with the arguments VS Code passed (nothing, a tree node, a file Uri). */
export function invokeWithArgs(
  feature: InvokeFeature,
  args: readonly unknown[],
  mode: InvokeMode,
): Promise<InvocationSummary | undefined> {
  const { target, payloadUri } = normaliseCommandArgs(args);
  return invokeWith(feature, { target, payloadUri }, mode);
}

/**
 * The invoke flow for a known target and/or payload (a file, or one already resolved); whatever is missing is taken
 * from the editor or asked.
 */
export async function invokeWith(
  feature: InvokeFeature,
  given: { target?: FunctionTarget; payloadUri?: vscode.Uri; payload?: PayloadSource },
  mode: InvokeMode,
): Promise<InvocationSummary | undefined> {
  const payload = given.payload ?? (await resolvePayload(given.payloadUri));
  if (!payload || !(await checkPayload(payload))) return undefined;
  const settings = choicesFromSettings(payload.uri);
  let choices: InvokeChoices;
  if (mode === 'options') {
    // What the steps ask for replaces the settings, so a faulty setting is only a starting point not taken.
    const picked = await pickInvokeChoices(
      feature.memory.lastChoices ?? (settings.ok ? settings.choices : settings.defaults),
    );
    if (!picked) return undefined;
    await feature.memory.rememberChoices(picked);
    choices = picked;
  } else if (!settings.ok) {
    void refuseSetting(settings.setting, settings.message);
    return undefined;
  } else {
    choices = mode === 'dryRun' ? { ...settings.choices, dryRun: true } : settings.choices;
  }
  if (mode === 'functionUrl') {
    // A URL request has no dry run, log tail, client context or tenant: those are InvokeWithResponseStream's.
    const problem = urlRequestProblem(payload.text);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return undefined;
    }
    choices = { logTail: false, dryRun: false };
  }
  let target = given.target;
  if (!target && (mode === 'payloadFile' || mode === 'dryRun' || mode === 'functionUrl'))
    target = feature.memory.targetFor(payload.uri);
  if (!target && mode === 'lastTarget') {
    target = feature.memory.lastTarget;
    if (!target)
      void vscode.window.showInformationMessage('No function has been invoked in this workspace yet; choose one.');
  }
  target ??= await chooseTarget(feature, payload, PICK_TITLES[mode]);
  if (!target) return undefined;
  return runChecked(feature, { target, payload, choices, ...(mode === 'functionUrl' ? { via: mode } : {}) });
}

/**
 * Runs a request whose target passes Lambda's name and qualifier rules. Otherwise says which rule it breaks, offers
 * Choose Another Function (same payload and options), and sends, opens and remembers nothing.
 */
export async function runChecked(
  feature: InvokeFeature,
  request: InvocationRequest,
): Promise<InvocationSummary | undefined> {
  const problem = targetProblem(request.target);
  if (!problem) return feature.run(request);
  void refuseTarget(problem, () => invokeAnotherFunction(feature, request));
  return undefined;
}

/** Re-runs the last invocation: same target, same payload text, same options. */
export async function rerunLastInvocation(feature: InvokeFeature): Promise<InvocationSummary | undefined> {
  const request = feature.memory.lastRequest;
  if (!request) {
    const choice = await vscode.window.showInformationMessage(
      'There is no invocation to re-run yet; invoke a function first.',
      'Invoke Function…',
    );
    if (choice) await vscode.commands.executeCommand(commandId(Commands.invoke));
    return undefined;
  }
  return runChecked(feature, request);
}

/** "Choose Another Function" after a failure or a refused target: the same payload and options, a new target. */
export async function invokeAnotherFunction(
  feature: InvokeFeature,
  request: InvocationRequest,
): Promise<InvocationSummary | undefined> {
  const target = await chooseTarget(feature, request.payload, 'Invoke Function: choose another function');
  return target ? runChecked(feature, { ...request, target }) : undefined;
}

/** The quick pick of the current connection's functions, with this payload's remembered target first. */
export function chooseTarget(
  feature: InvokeFeature,
  payload: PayloadSource,
  title: string,
): Promise<FunctionTarget | undefined> {
  const { connections } = feature.services;
  const current = connections.current;
  return pickTarget({
    title: `${title} (${choiceLabel(current)})`,
    connection: current,
    resolve: (choice) => connections.resolve(choice),
    sources: feature.sources,
    remembered: feature.memory.targetFor(payload.uri),
    rememberedFor: payload.uri ? displayName(payload.uri) : undefined,
    last: feature.memory.lastTarget,
  });
}
