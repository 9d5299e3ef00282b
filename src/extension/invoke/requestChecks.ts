/**
 * The checks between a command and an invocation that are not about the payload: the target's name and qualifier,
 * and the settings that go into the request, each by Lambda's own rules (the core's, which the CLI and the Local
 * endpoint share). They run before the request is remembered, a response document opens or anything is sent, so a
 * bad target never becomes the file's remembered target or the "last target". A refusal is one error message with
 * the button that fixes its cause.
 */
import * as vscode from 'vscode';
import { LambdaStreamError } from '../../core/errors/classify';
import { checkFunctionTarget } from '../../core/engine/request';
import type { FunctionTarget } from '../targets';
import type { RequestSetting } from './invokeOptions';

/** The button of a refused target: pick a function for the same payload and options. */
export const CHOOSE_ANOTHER_FUNCTION = 'Choose Another Function';
/** The button of a refused setting: the Settings editor at that setting. */
export const OPEN_SETTINGS = 'Open Settings';

/** Why Lambda would refuse this target's name or qualifier, in the core's one sentence; undefined when it would not. */
export function targetProblem(target: FunctionTarget): string | undefined {
  try {
    checkFunctionTarget(target.functionName, target.qualifier);
    return undefined;
  } catch (error) {
    if (error instanceof LambdaStreamError) return error.message;
    throw error;
  }
}

/** Says that a setting would be refused; Open Settings shows that setting. Not awaited by the flows: nothing was sent. */
export async function refuseSetting(setting: RequestSetting, message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS);
  if (choice === OPEN_SETTINGS)
    await vscode.commands.executeCommand('workbench.action.openSettings', `lambdaStream.${setting}`);
}

/** Says that a target would be refused; Choose Another Function runs `chooseAnother`. */
export async function refuseTarget(message: string, chooseAnother: () => unknown): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, CHOOSE_ANOTHER_FUNCTION);
  if (choice === CHOOSE_ANOTHER_FUNCTION) await chooseAnother();
}
