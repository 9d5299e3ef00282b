/**
 * A failed listing as a tree item: the core's classification (src/core/errors/classify.ts) gives the sentence and the actions
 * that fix the cause; this turns the first action the view can perform into the item's click. The same failure is
 * logged once with its details, never shown as a pop-up.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import {
  classifyError,
  type ErrorAction,
  type ErrorClassification,
  type ErrorContext,
} from '../../core/errors/classify';
import { MessageNode, type MessageAction, type TreeNode } from './treeNode';

/** Where the failed listing was, for the sentence and for the fix (sign in to this profile, refresh this node). */
export interface ListingScope {
  readonly profile?: string;
  readonly region?: string;
  readonly endpoint?: string;
  /** The node to list again on Retry. */
  readonly node: TreeNode;
}

/** The message item for a listing failure under `scope.node`. */
export function listingErrorNode(
  error: unknown,
  scope: ListingScope,
  what: string,
  log: vscode.LogOutputChannel,
): MessageNode {
  const context: ErrorContext = {
    operation: 'list',
    profile: scope.profile,
    region: scope.region,
    endpoint: scope.endpoint,
  };
  const classification = classifyError(error, context);
  log.warn(
    `Listing ${what} failed: ${classification.code}: ${classification.message}${classification.detail ? ` (${classification.detail})` : ''}`,
  );
  const label = listingSentence(classification, what, scope);
  const action = classification.actions
    .map((candidate) => toMessageAction(candidate, scope))
    .find((candidate) => candidate !== undefined);
  const tooltip = [label, classification.detail].filter(Boolean).join('\n\n');
  return new MessageNode(`${scope.node.id}|error`, label, {
    icon: 'error',
    color: 'errorForeground',
    tooltip,
    action: action ?? retryAction(scope),
  });
}

/** The sentence, without its full stop (a tree label is a phrase); access denial says what was being listed. */
function listingSentence(classification: ErrorClassification, what: string, scope: ListingScope): string {
  if (/AccessDenied/.test(classification.code) || classification.statusCode === 403) {
    return `Access denied listing ${what}${scope.region ? ` in ${scope.region}` : ''}`;
  }
  return classification.message.replace(/\.$/, '');
}

function toMessageAction(action: ErrorAction, scope: ListingScope): MessageAction | undefined {
  switch (action.kind) {
    case 'selectProfile':
      return { title: 'Select Profile…', command: commandId(Commands.selectConnection) };
    case 'ssoLogin':
    case 'awsLogin':
      return scope.profile
        ? { title: 'Sign In', command: commandId(Commands.signIn), arguments: [{ profile: scope.profile }] }
        : undefined;
    case 'selectRegion':
      return scope.profile
        ? {
            title: 'Select Regions…',
            command: commandId(Commands.selectRegions),
            arguments: [{ profile: scope.profile }],
          }
        : undefined;
    case 'retry':
    case 'retryAfter':
    case 'refreshFunctions':
      return retryAction(scope);
    case 'checkEndpoint':
      return {
        title: 'Open Settings',
        command: 'workbench.action.openSettings',
        arguments: ['lambdaStream.customEndpoints'],
      };
    case 'showLog':
      return { title: 'Show Log', command: commandId(Commands.showLog) };
    case 'openConsole':
      return { title: 'Open Console', command: 'vscode.open', arguments: [vscode.Uri.parse(action.url)] };
    default:
      return undefined;
  }
}

function retryAction(scope: ListingScope): MessageAction {
  return { title: 'Retry', command: commandId(Commands.refreshFunctions), arguments: [scope.node] };
}
