/**
 * How a failed invocation is put to a person: one sentence (the core's classification, naming the target) and at
 * most three buttons, each the action that fixes the cause. This is the one table from the core's `ErrorAction`s to
 * button labels and what they do, kept free of `vscode` so a table-driven unit test can check every exception
 * Lambda documents; `outcomeNotifications.ts` shows the result and carries the buttons out.
 */
import type { ErrorAction, ErrorClassification } from '../../core/errors/classify';

/** What a button does, as data. */
export type NoticeIntent =
  | { readonly kind: 'chooseFunction' }
  | { readonly kind: 'refreshFunctions' }
  | { readonly kind: 'signIn'; readonly profile: string }
  | { readonly kind: 'selectProfile' }
  | { readonly kind: 'rerun' }
  | { readonly kind: 'rerunAfter'; readonly seconds: number }
  | { readonly kind: 'copyPermission'; readonly statement: string; readonly resource: string }
  | { readonly kind: 'showPayloadSize'; readonly bytes?: number; readonly limit: number }
  | { readonly kind: 'showPayloadProblem' }
  | { readonly kind: 'openUrl'; readonly url: string }
  | { readonly kind: 'showOutput' }
  | { readonly kind: 'showExtensionLog' }
  | { readonly kind: 'openSetting'; readonly key: string }
  | { readonly kind: 'restartLocalEndpoint' };

export interface NoticeButton {
  readonly label: string;
  readonly intent: NoticeIntent;
}

/** A notification, ready to show. */
export interface Notice {
  readonly severity: 'error' | 'info';
  readonly message: string;
  readonly buttons: readonly NoticeButton[];
  /** Same key, same cause: shown once while the first one is open. */
  readonly key: string;
}

/** What the presentation knows about the invocation that failed. */
export interface FailureContext {
  /** `token-stream:live` */
  readonly label: string;
  readonly connectionKind: 'local' | 'aws' | 'custom';
  /** A stable key of the connection, so the same failure on two connections is two causes. */
  readonly connectionKey: string;
  readonly functionName: string;
  readonly qualifier?: string;
  /** Known when the target came from a listing. */
  readonly functionArn?: string;
  readonly profile?: string;
  readonly region?: string;
  /** The payload came from a file or editor the person can be taken to. */
  readonly hasPayloadDocument: boolean;
  /** For a Local invocation: which start of the endpoint served it (one death, one notice). */
  readonly localEndpointGeneration?: number;
}

const MAX_BUTTONS = 3;

/** The code of a Local invocation cut off because the endpoint's process ended under it. */
export const LOCAL_ENDPOINT_STOPPED = 'LocalEndpointStopped';

/** The notice key of one death of the Local endpoint: its invocations and the idle notice share it, another death does not. */
export function localEndpointStoppedKey(generation: number): string {
  return `local|${LOCAL_ENDPOINT_STOPPED}|${generation}`;
}

/**
 * A Local invocation's broken connection, explained by the endpoint's death (`its process exited (SIGKILL)`): the
 * sentence says what happened and whether output had arrived (it stays); the connection error becomes the detail.
 */
export function localEndpointStopped(
  reason: string,
  cause: ErrorClassification,
  bytesReceived: number,
): ErrorClassification {
  const kept = bytesReceived > 0 ? 'The output received so far is kept.' : 'No output had arrived.';
  return {
    code: LOCAL_ENDPOINT_STOPPED,
    category: 'network',
    message: `The function was cut off: the Local endpoint stopped unexpectedly (${reason}). ${kept}`,
    detail: [cause.message, cause.detail].filter(Boolean).join('\n'),
    actions: [{ kind: 'retry' }],
  };
}

/** The notice for a failure: the sentence, the fixing buttons, and the key that folds repeats into one. */
export function presentFailure(failure: ErrorClassification, context: FailureContext): Notice {
  const message = nameTarget(failure.message, context.label);
  if (failure.code === LOCAL_ENDPOINT_STOPPED) {
    const buttons: NoticeButton[] = [
      { label: 'Restart Local Endpoint', intent: { kind: 'restartLocalEndpoint' } },
      { label: 'Re-run', intent: { kind: 'rerun' } },
      { label: 'Show Output', intent: { kind: 'showOutput' } },
    ];
    return { severity: 'error', message, buttons, key: localEndpointStoppedKey(context.localEndpointGeneration ?? 0) };
  }
  const seen = new Set<string>();
  const buttons = failure.actions
    .flatMap((action) => buttonsFor(action, failure, context))
    .filter((button) => !seen.has(button.label) && seen.add(button.label))
    .slice(0, MAX_BUTTONS);
  const shown = buttons.length > 0 ? buttons : [{ label: 'Show Output', intent: { kind: 'showOutput' } as const }];
  return {
    severity: failure.category === 'cancelled' ? 'info' : 'error',
    message,
    buttons: shown,
    key: `${context.connectionKey}|${failure.code}|${message}`,
  };
}

/** The core says "the function"; the person reads the target's name: "my-fn's reserved concurrency is used up…". */
export function nameTarget(message: string, label: string): string {
  return message.replace(/\b[Tt]he function\b/, label);
}

/** The buttons for one of the core's actions; none for an action that needs no click (check the clock). */
export function buttonsFor(action: ErrorAction, failure: ErrorClassification, context: FailureContext): NoticeButton[] {
  switch (action.kind) {
    case 'selectProfile':
      return [{ label: 'Select Profile', intent: { kind: 'selectProfile' } }];
    case 'selectRegion':
      return [{ label: 'Select Region', intent: { kind: 'selectProfile' } }];
    case 'ssoLogin':
    case 'awsLogin':
      return [
        { label: 'Sign In', intent: { kind: 'signIn', profile: action.profile ?? context.profile ?? 'default' } },
      ];
    case 'retry':
      return [{ label: failure.category === 'function' ? 'Re-run' : 'Retry', intent: { kind: 'rerun' } }];
    case 'retryAfter':
      return [{ label: `Retry in ${action.seconds} s`, intent: { kind: 'rerunAfter', seconds: action.seconds } }];
    case 'chooseFunction':
      return [{ label: 'Choose Another Function', intent: { kind: 'chooseFunction' } }];
    case 'refreshFunctions':
      return [{ label: 'Refresh Functions', intent: { kind: 'refreshFunctions' } }];
    case 'showLog':
      return [{ label: 'Show Log', intent: { kind: 'showOutput' } }];
    case 'copyPermission': {
      const resource = action.resource ?? functionResource(context);
      return [
        {
          label: 'Copy Required Permission',
          intent: { kind: 'copyPermission', statement: policyStatement(action.permission, resource), resource },
        },
      ];
    }
    case 'openConsole':
      return [{ label: 'Open Function in Console', intent: { kind: 'openUrl', url: action.url } }];
    case 'reducePayload':
      return [
        { label: 'Show Payload Size', intent: { kind: 'showPayloadSize', bytes: action.bytes, limit: action.limit } },
      ];
    case 'fixPayload':
      return context.hasPayloadDocument ? [{ label: 'Show Problem', intent: { kind: 'showPayloadProblem' } }] : [];
    case 'editOption':
      if (action.option === 'qualifier' || action.option === 'functionName')
        return [{ label: 'Choose Another Function', intent: { kind: 'chooseFunction' } }];
      return [
        {
          label: 'Open Settings',
          intent: { kind: 'openSetting', key: action.option === 'endpoint' ? 'customEndpoints' : action.option },
        },
      ];
    case 'checkEndpoint':
      return context.connectionKind === 'local'
        ? [{ label: 'Show Extension Log', intent: { kind: 'showExtensionLog' } }]
        : [{ label: 'Open Settings', intent: { kind: 'openSetting', key: 'customEndpoints' } }];
    case 'checkClock':
    case 'signRequest': // the extension signs whenever the URL's AuthType is AWS_IAM
      return [];
  }
}

/**
 * The resource a permission is needed on: the ARN from the listing, the name if it is an ARN, else an ARN with the
 * account left as a wildcard (IAM accepts it; the person may narrow it).
 */
export function functionResource(context: FailureContext): string {
  const qualifier = context.qualifier ? `:${context.qualifier}` : '';
  if (context.functionArn)
    return context.functionArn.split(':').length > 7 ? context.functionArn : `${context.functionArn}${qualifier}`;
  if (context.functionName.startsWith('arn:')) return context.functionName;
  return `arn:aws:lambda:${context.region ?? '*'}:*:function:${context.functionName}${qualifier}`;
}

/** An IAM policy statement granting `permission` on `resource`, ready to paste into a policy. */
export function policyStatement(permission: string, resource: string): string {
  return JSON.stringify({ Effect: 'Allow', Action: permission, Resource: resource }, null, 2);
}
