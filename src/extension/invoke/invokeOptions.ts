/**
 * The per-invocation options (log tail, dry run, ClientContext, TenantId): taken from the settings for a plain
 * invoke, or chosen in the small "Invoke with Options…" flow, which starts from the settings (or the last choice)
 * so nobody edits code or JSON settings to try a variation.
 */
import * as vscode from 'vscode';
import { describeTenantIdProblem } from '../../core/rules/names';
import { encodeClientContext } from '../../core/engine/request';
import { config } from '../config';
import type { InvokeChoices } from '../request';

/** The settings whose values go into a request, and so must pass Lambda's rules before anything is sent. */
export type RequestSetting = 'clientContext' | 'tenantId';

/** The choices the settings make, or the setting Lambda would refuse and the sentence that says why. */
export type SettingsChoices =
  | { readonly ok: true; readonly choices: InvokeChoices }
  | {
      readonly ok: false;
      readonly setting: RequestSetting;
      readonly message: string;
      readonly defaults: InvokeChoices;
    };

/**
 * The choices the settings make (what every plain invoke uses), checked as Lambda would check them: a ClientContext
 * that is not a JSON object or is over 3,583 bytes once encoded, or a TenantId outside its pattern or length, is
 * refused here with the setting's name, rather than dropped or sent to be refused. `defaults` (the settings without
 * the faulty ones) is where "Invoke with Options…" starts, since what it asks for replaces the settings.
 */
export function choicesFromSettings(scope?: vscode.ConfigurationScope): SettingsChoices {
  const clientContext = config.clientContext(scope);
  const tenantId = config.tenantId(scope);
  const contextProblem = clientContext === undefined ? undefined : clientContextProblem(clientContext);
  const tenantProblem = tenantId === undefined ? undefined : describeTenantIdProblem(tenantId);
  // Each setting that passes its own check stays in the defaults, whatever the other one says.
  const defaults: InvokeChoices = {
    logTail: config.logTail(),
    dryRun: false,
    ...(clientContext !== undefined && !contextProblem
      ? { clientContext: clientContext as Record<string, unknown> }
      : {}),
    ...(tenantId !== undefined && !tenantProblem ? { tenantId } : {}),
  };
  if (contextProblem)
    return { ok: false, setting: 'clientContext', message: settingSentence('clientContext', contextProblem), defaults };
  if (tenantProblem)
    return { ok: false, setting: 'tenantId', message: settingSentence('tenantId', tenantProblem), defaults };
  return { ok: true, choices: defaults };
}

/** The core's sentence about a value, said of the setting it came from: "The setting lambdaStream.tenantId is not valid: …". */
function settingSentence(setting: RequestSetting, sentence: string): string {
  const rest = /^The /.test(sentence) ? `t${sentence.slice(1)}` : sentence;
  return `The setting lambdaStream.${setting} is not valid: ${rest}`;
}

/** Why Lambda would refuse this ClientContext (not a JSON object, over 3,583 bytes once encoded); undefined if it would not. */
function clientContextProblem(value: unknown): string | undefined {
  try {
    // The encoder checks the value's type at run time; settings and input boxes may hold any JSON value.
    encodeClientContext(value as Readonly<Record<string, unknown>>);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

type OptionKey = 'logTail' | 'dryRun' | 'clientContext' | 'tenantId';
interface OptionItem extends vscode.QuickPickItem {
  readonly key: OptionKey;
}

/**
 * Asks for the options of one invocation: a multi-select of the four options, then the ClientContext JSON and the
 * TenantId when they are ticked. Undefined when the user backs out at any step.
 */
export async function pickInvokeChoices(initial: InvokeChoices): Promise<InvokeChoices | undefined> {
  const items: OptionItem[] = [
    {
      key: 'logTail',
      label: 'Log tail',
      description: 'LogType: Tail',
      detail: 'Show the last 4 KB of the function log after the response.',
      picked: initial.logTail,
    },
    {
      key: 'dryRun',
      label: 'Dry run',
      description: 'InvocationType: DryRun',
      detail: 'Check parameters and permissions without running the function.',
      picked: initial.dryRun,
    },
    {
      key: 'clientContext',
      label: 'Client context…',
      description: 'ClientContext',
      detail: 'A JSON object passed to the function as context.clientContext.',
      picked: initial.clientContext !== undefined,
    },
    {
      key: 'tenantId',
      label: 'Tenant id…',
      description: 'TenantId',
      detail: 'The tenant of a multi-tenant function.',
      picked: initial.tenantId !== undefined,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Invoke with Options (1/2): choose the options',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const chosen = new Set(picked.map((item) => item.key));
  let clientContext: Record<string, unknown> | undefined;
  if (chosen.has('clientContext')) {
    const text = await vscode.window.showInputBox({
      title: 'Invoke with Options: ClientContext (a JSON object)',
      value: JSON.stringify(initial.clientContext ?? { custom: {} }),
      ignoreFocusOut: true,
      validateInput: (value) => checkClientContext(value).problem,
    });
    if (text === undefined) return undefined;
    clientContext = checkClientContext(text).value;
  }
  let tenantId: string | undefined;
  if (chosen.has('tenantId')) {
    const text = await vscode.window.showInputBox({
      title: 'Invoke with Options: TenantId',
      value: initial.tenantId ?? '',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? describeTenantIdProblem(value.trim()) : 'Enter a tenant id.'),
    });
    if (text === undefined) return undefined;
    tenantId = text.trim();
  }
  return { logTail: chosen.has('logTail'), dryRun: chosen.has('dryRun'), clientContext, tenantId };
}

function checkClientContext(text: string): { value?: Record<string, unknown>; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `Not JSON: ${(error as Error).message}` };
  }
  const problem = clientContextProblem(value);
  return problem ? { problem } : { value: value as Record<string, unknown> };
}
