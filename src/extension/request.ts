/**
 * What one invocation asks for, as plain data: the target, the payload and the options. The invoke flows build it,
 * the runner and its sinks run it, the notifications, the history and the invoke memory read it; every one of them
 * imports these types from here, so none depends on another for them.
 */
import type * as vscode from 'vscode';
import type { InvokeOptions } from '../core/engine/events';
import type { FunctionTarget } from './targets';

/** One invocation as the user asked for it. */
export interface InvocationRequest {
  readonly target: FunctionTarget;
  readonly payload: PayloadSource;
  readonly choices: InvokeChoices;
  /**
   * `functionUrl`: an HTTP request to the target's function URL, the payload read as a request (a request shape or
   * a POST body, see core/rules/urlRequest.ts); `buffered`: Invoke; otherwise InvokeWithResponseStream.
   */
  readonly via?: 'functionUrl' | 'buffered';
  /** For `functionUrl`: the URL itself (instead of the target's), and an AuthType that overrides the URL's. */
  readonly functionUrl?: { readonly url?: string; readonly authType?: 'AWS_IAM' | 'NONE' };
}

/** What the user chose for one invocation; plain data, remembered with the last invocation. */
export interface InvokeChoices {
  readonly logTail: boolean;
  readonly dryRun: boolean;
  readonly clientContext?: Readonly<Record<string, unknown>>;
  readonly tenantId?: string;
}

/** A payload ready to send, with where it came from. */
export interface PayloadSource {
  readonly text: string;
  /** For headers and history: `payloads/hello.json (34 bytes)`, `selection of …`, `empty (the function receives {})`. */
  readonly label: string;
  /** The document it came from; the key under which its target is remembered. */
  readonly uri?: vscode.Uri;
  /** Where the text starts in that document (a selection), to place problems. */
  readonly start?: vscode.Position;
  /** The text holds values from the environment (`{{$env …}}`): kept in memory only, never in workspace state. */
  readonly holdsSecrets?: boolean;
}

/** The core's options for these choices. */
export function toInvokeOptions(choices: InvokeChoices, signal: AbortSignal): InvokeOptions {
  return {
    signal,
    logType: choices.logTail ? 'Tail' : 'None',
    dryRun: choices.dryRun,
    clientContext: choices.clientContext,
    tenantId: choices.tenantId,
  };
}

/** A short description for headers and history, e.g. `dry run · tenant acme`; empty for the defaults. */
export function describeChoices(choices: InvokeChoices): string {
  const parts: string[] = [];
  if (choices.dryRun) parts.push('dry run');
  if (!choices.logTail) parts.push('no log tail');
  if (choices.clientContext) parts.push('client context');
  if (choices.tenantId) parts.push(`tenant ${choices.tenantId}`);
  return parts.join(' · ');
}
