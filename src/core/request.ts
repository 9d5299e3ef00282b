/**
 * Turns a target, a payload and options into the SDK's request input, checking everything that can be checked
 * locally first: nothing is sent for an invalid name, qualifier, tenant id, client context, endpoint or payload.
 * The naming rules are the shared ones in `names.ts` (the Local endpoint applies the same).
 */
import { checkEndpointUrl } from './connection';
import { type ErrorAction, type ErrorContext, validationError } from './errors';
import type { InvokeOptions, InvokeTarget } from './events';
import {
  formatValidationMessage,
  MAX_BARE_NAME_LENGTH,
  MAX_CLIENT_CONTEXT_BYTES,
  MAX_SYNC_PAYLOAD_BYTES,
  parseFunctionName,
  resolveQualifier,
  validateFunctionName,
  validateQualifier,
  validateTenantId,
} from './names';
import { parsePayload } from './payload';

/** The fields Invoke and InvokeWithResponseStream share. */
export interface InvocationInput {
  FunctionName: string;
  Qualifier?: string;
  Payload?: Uint8Array;
  InvocationType: 'RequestResponse' | 'DryRun';
  LogType?: 'None' | 'Tail';
  ClientContext?: string;
  TenantId?: string;
}

/** The error context an invocation fills in as it goes (region once resolved, phase once the stream started). */
export type InvocationContext = ErrorContext & { phase: 'request' | 'stream'; region?: string };

/** A checked request, ready for a command, with the context its failures are classified in. */
export interface PreparedInvocation {
  readonly input: InvocationInput;
  readonly payloadBytes: number;
  readonly context: InvocationContext;
}

/** Validates and builds the request input; throws a `LambdaStreamError` of category `validation`. */
export function prepareInvocation(target: InvokeTarget, payload: string | Uint8Array, options: InvokeOptions): PreparedInvocation {
  if (target.connection.kind === 'endpoint') {
    const problem = checkEndpointUrl(target.connection.endpoint);
    if (problem) throw validationError('InvalidEndpoint', problem, [{ kind: 'editOption', option: 'endpoint' }]);
  }
  checkFunctionName(target.functionName);
  if (target.qualifier !== undefined) checkQualifier(target.functionName, target.qualifier);
  if (options.tenantId !== undefined) {
    const violations = validateTenantId(options.tenantId);
    if (violations.length > 0) {
      throw validationError('InvalidTenantId', `'${options.tenantId}' is not a valid tenant id (letters, digits, spaces and ._:/=+-@, up to 256).`,
        [{ kind: 'editOption', option: 'tenantId' }], formatValidationMessage(violations));
    }
  }
  const parsed = parsePayload(payload);
  if (!parsed.ok) {
    const [first] = parsed.problems;
    if (first.code === 'PayloadTooLarge') {
      const limit = MAX_SYNC_PAYLOAD_BYTES;
      throw validationError('PayloadTooLarge', `The payload is ${parsed.byteLength} bytes; Lambda accepts at most ${limit} bytes (6 MB).`,
        [{ kind: 'reducePayload', bytes: parsed.byteLength, limit }]);
    }
    const actions: ErrorAction[] = [{ kind: 'fixPayload', line: first.line, column: first.column }];
    throw validationError('InvalidPayload', `The payload is not valid JSON. ${first.message}`, actions,
      parsed.problems.map((problem) => problem.message).join('\n'));
  }
  const connection = target.connection;
  return {
    payloadBytes: parsed.bytes.byteLength,
    context: {
      operation: 'invoke',
      phase: 'request',
      functionName: target.functionName,
      qualifier: target.qualifier,
      region: connection.region,
      profile: connection.profile,
      endpoint: connection.kind === 'endpoint' ? connection.endpoint : undefined,
      payloadBytes: parsed.bytes.byteLength,
    },
    input: {
      FunctionName: target.functionName,
      Qualifier: target.qualifier,
      Payload: parsed.empty ? undefined : parsed.bytes,
      InvocationType: options.dryRun ? 'DryRun' : 'RequestResponse',
      LogType: options.logType,
      ClientContext: options.clientContext === undefined ? undefined : encodeClientContext(options.clientContext),
      TenantId: options.tenantId,
    },
  };
}

/**
 * Encodes a ClientContext object the way Lambda expects it (base64 of its JSON text) and checks the 3,583-byte limit.
 * Exported so the UI can check the setting as the user edits it.
 */
export function encodeClientContext(context: Readonly<Record<string, unknown>>): string {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw validationError('InvalidClientContext', 'The client context must be a JSON object.', [{ kind: 'editOption', option: 'clientContext' }]);
  }
  let json: string;
  try {
    json = JSON.stringify(context);
  } catch (error) {
    const actions: ErrorAction[] = [{ kind: 'editOption', option: 'clientContext' }];
    throw validationError('InvalidClientContext', 'The client context cannot be written as JSON.', actions, String(error));
  }
  const encoded = Buffer.from(json, 'utf8').toString('base64');
  if (encoded.length > MAX_CLIENT_CONTEXT_BYTES) {
    throw validationError('ClientContextTooLarge',
      `The client context is ${encoded.length} bytes once base64-encoded; Lambda accepts at most ${MAX_CLIENT_CONTEXT_BYTES}.`,
      [{ kind: 'editOption', option: 'clientContext' }]);
  }
  return encoded;
}

function checkFunctionName(functionName: string): void {
  const actions: ErrorAction[] = [{ kind: 'chooseFunction' }];
  if (functionName.length === 0) throw validationError('InvalidFunctionName', 'No function name was given.', actions);
  const violations = validateFunctionName(functionName, 'namespaced');
  if (violations.length > 0) {
    throw validationError('InvalidFunctionName',
      `'${functionName}' is not a valid function name; use letters, digits, hyphens and underscores, or an ARN.`,
      actions, formatValidationMessage(violations));
  }
  const { name } = parseFunctionName(functionName);
  if (name.length > MAX_BARE_NAME_LENGTH) {
    throw validationError('InvalidFunctionName', `The function name is ${name.length} characters long; Lambda allows at most ${MAX_BARE_NAME_LENGTH}.`, actions);
  }
}

function checkQualifier(functionName: string, qualifier: string): void {
  const actions: ErrorAction[] = [{ kind: 'editOption', option: 'qualifier' }];
  const violations = validateQualifier(qualifier, 'invoke');
  if (violations.length > 0) {
    throw validationError('InvalidQualifier', `'${qualifier}' is not a valid version or alias.`, actions, formatValidationMessage(violations));
  }
  const resolved = resolveQualifier(parseFunctionName(functionName).qualifier, qualifier);
  if (!resolved.ok) {
    throw validationError('QualifierConflict', `The function name already names a different version or alias than '${qualifier}'.`, actions, resolved.message);
  }
}
