/**
 * Identifiers shared by the VS Code layer and mirrored in package.json's `contributes`. Keeping them in one place
 * means a rename is one edit here and one in the manifest, which the integration suite checks against each other.
 */
export const EXTENSION_ID = 'lambda-stream.lambda-stream';

/** Command ids, without the `lambdaStream.` prefix that `commandId` adds. */
export const Commands = {
  showLog: 'showLog',
  // Functions view (src/extension/tree)
  refreshFunctions: 'refreshFunctions',
  filterFunctions: 'filterFunctions',
  clearFunctionsFilter: 'clearFunctionsFilter',
  loadMoreFunctions: 'loadMoreFunctions',
  copyFunctionArn: 'copyFunctionArn',
  copyFunctionUrl: 'copyFunctionUrl',
  selectConnection: 'selectConnection',
  selectRegions: 'selectRegions',
  signIn: 'signIn',
  startLocalEndpoint: 'startLocalEndpoint',
  stopLocalEndpoint: 'stopLocalEndpoint',
  openFunctionsFolder: 'openFunctionsFolder',
  // Invoking (src/extension/invoke)
  invoke: 'invoke',
  invokeWithOptions: 'invokeWithOptions',
  invokeLastTarget: 'invokeLastTarget',
  rerunLastInvocation: 'rerunLastInvocation',
  cancelInvocation: 'cancelInvocation',
  saveOutput: 'saveOutput',
  showOutput: 'showOutput',
  dryRun: 'dryRun',
  invokeFunctionUrl: 'invokeFunctionUrl',
  // Payload files (src/extension/payloads)
  invokePayloadFile: 'invokePayloadFile',
  changePayloadTarget: 'changePayloadTarget',
  invokeWithPayloadFile: 'invokeWithPayloadFile',
  // Invocation files (src/extension/invocationFiles)
  invokeFromFile: 'invokeFromFile',
  invokeAllInFile: 'invokeAllInFile',
  selectInvocationEnvironment: 'selectInvocationEnvironment',
  addToInvocationFile: 'addToInvocationFile',
  importTestEvents: 'importTestEvents',
  exportInvocation: 'exportInvocation',
  // History (src/extension/history)
  showRecentInvocations: 'showRecentInvocations',
  showInvocationDetails: 'showInvocationDetails',
} as const;

export type CommandName = (typeof Commands)[keyof typeof Commands];

/** The prefix every contributed command id starts with. */
export const COMMAND_PREFIX = 'lambdaStream.';

export function commandId(name: CommandName): string {
  return COMMAND_PREFIX + name;
}

export const Views = {
  container: 'lambdaStream',
  functions: 'lambdaStream.functions',
} as const;

/** Context keys the extension sets for `when` clauses in package.json. */
export const ContextKeys = {
  /** True while the Functions view has a name filter (shows Clear Filter). */
  functionsFiltered: 'lambdaStream.functionsFiltered',
  /** URIs of the response documents whose invocation is still running (shows Cancel in their editor title). */
  runningResponses: 'lambdaStream.runningResponses',
} as const;

/** The `source` of every diagnostic the extension reports (shown in the Problems panel). */
export const DIAGNOSTIC_SOURCE = 'Lambda Stream';

/**
 * Diagnostic codes: the quick-fix provider offers a fix by code (the code-actions sample's pairing), and the
 * Problems panel shows them, so they are short and stable.
 */
export const PayloadDiagnosticCodes = {
  invalidJson: 'invalid-json',
  trailingComma: 'trailing-comma',
  comment: 'comment',
  plainText: 'plain-text',
  tooLarge: 'too-large',
  /** The payload the last invocation's InvalidRequestContentException rejected. */
  rejected: 'rejected-by-lambda',
  /** On a response document: where the invocation failed. */
  invocationFailed: 'invocation-failed',
} as const;

export type PayloadDiagnosticCode = (typeof PayloadDiagnosticCodes)[keyof typeof PayloadDiagnosticCodes];

/** The language of invocation files (`*.invoke`), as package.json contributes it. */
export const INVOCATION_LANGUAGE = 'lambda-invocations';

/** URI scheme of the live, read-only response documents (one URI per invocation). */
export const RESPONSE_SCHEME = 'lambda-stream';

/** Name of the plain output channel that receives the functions' output (`lambdaStream.output`: channel or both). */
export const OUTPUT_CHANNEL_NAME = 'Lambda Stream';

/** Name of the output channel for the extension's own log (the function output gets its own channel). */
export const LOG_CHANNEL_NAME = 'Lambda Stream Log';
