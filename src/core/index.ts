/**
 * The public surface of the streaming core, for the VS Code layer, the CLI and the benchmarks. Plain Node, no
 * `vscode`; the AWS SDK is loaded on first use, so importing this module is cheap.
 *
 * - Connections and clients: {@link Connection}, {@link connectionKey}, {@link getLambdaClient}, {@link disposeLambdaClients}.
 * - Listing: {@link listFunctions}, {@link listAliases}, {@link listVersions}, {@link getInvokeModeHint}.
 * - Invoking: {@link invokeStreaming} and {@link invokeBuffered} yield {@link InvokeEvent}s.
 * - Payloads: {@link parsePayload} (exact line and column for invalid JSON, the 6 MB limit).
 * - Errors: everything thrown is a {@link LambdaStreamError} whose `classification` carries a code, one sentence and
 *   {@link ErrorAction}s; {@link classifyError} and {@link classifyFunctionFailure} classify anything else.
 */
export { CONNECT_TIMEOUT_MS, CONTROL_TIMEOUT_MS, disposeLambdaClients, getLambdaClient, INVOKE_TIMEOUT_MS, PLACEHOLDER_CREDENTIALS } from './client';
export type { ClientPurpose } from './client';
export { checkEndpointUrl, connectionKey, describeConnection, isLoopbackEndpoint, LOCAL_DEFAULT_REGION } from './connection';
export type { AwsConnection, Connection, EndpointConnection } from './connection';
export { contentTypeKind } from './decoder';
export { classifyError, classifyFunctionFailure, LambdaStreamError, toLambdaStreamError } from './errors';
export type { ErrorAction, ErrorCategory, ErrorClassification, ErrorContext, ListingOperation } from './errors';
export { consoleUrl } from './errorText';
export type {
  ChunkEvent,
  CompleteEvent,
  HttpPreludeEvent,
  InvokeEvent,
  InvokeLog,
  InvokeMetrics,
  InvokeOptions,
  InvokeTarget,
  StartedEvent,
} from './events';
export { invokeStreaming } from './invoke';
export { invokeBuffered } from './invokeBuffered';
export { getInvokeModeHint, listAliases, listFunctions, listVersions } from './listing';
export type { AliasSummary, FunctionSummary, ListOptions, VersionSummary } from './listing';
export { decodeLogResult, describeLog } from './invocationEvents';
export { formatBytes } from './metrics';
export { MAX_PAYLOAD_BYTES, parsePayload, positionAt } from './payload';
export type { ParsedPayload, PayloadProblem } from './payload';
export { HTTP_INTEGRATION_CONTENT_TYPE } from './prelude';
export { encodeClientContext } from './request';
