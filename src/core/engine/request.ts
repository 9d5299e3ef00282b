/**
 * Turns a target, a payload and options into the SDK's request input, checking everything that can be checked
 * locally first: nothing is sent for an invalid name, qualifier, tenant id, client context, endpoint or payload.
 * The naming rules are the shared ones in `names.ts` (the Local endpoint applies the same).
 */
import { checkEndpointUrl } from '../aws/connection';
import { type ErrorAction, type ErrorContext, validationError } from '../errors/classify';
import type { InvokeOptions, InvokeTarget } from './events';
import {
  describeFunctionNameProblem,
  describeQualifierProblem,
  describeTenantIdProblem,
  formatValidationMessage,
  MAX_CLIENT_CONTEXT_BYTES,
  MAX_SYNC_PAYLOAD_BYTES,
  parseFunctionName,
  resolveQualifier,
  validateFunctionName,
  validateQualifier,
  validateTenantId,
} from '../rules/names';
import { parsePayload } from '../rules/payload';

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
export function prepareInvocation(
  target: InvokeTarget,
  payload: string | Uint8Array,
  options: InvokeOptions,
): PreparedInvocation {
  if (target.connection.kind === 'endpoint') {
    const problem = checkEndpointUrl(target.connection.endpoint, {
      allowInsecureHttp: target.connection.allowInsecureHttp,
    });
    if (problem) throw validationError('InvalidEndpoint', problem, [{ kind: 'editOption', option: 'endpoint' }]);
  }
  checkFunctionTarget(target.functionName, target.qualifier);
  if (options.tenantId !== undefined) checkTenantId(options.tenantId);
  const parsed = parsePayload(payload);
  if (!parsed.ok) {
    const [first] = parsed.problems;
    if (first.code === 'PayloadTooLarge') {
      const limit = MAX_SYNC_PAYLOAD_BYTES;
      throw validationError(
        'PayloadTooLarge',
        `The payload is ${parsed.byteLength} bytes; Lambda accepts at most ${limit} bytes (6 MB).`,
        [{ kind: 'reducePayload', bytes: parsed.byteLength, limit }],
      );
    }
    const actions: ErrorAction[] = [{ kind: 'fixPayload', line: first.line, column: first.column }];
    if (first.code === 'InvalidUtf8') {
      throw validationError(
        'InvalidPayload',
        `The payload is ${parsed.byteLength} bytes that are not UTF-8 text (a binary file?); Lambda payloads are JSON.`,
        actions,
      );
    }
    throw validationError(
      'InvalidPayload',
      `The payload is not valid JSON. ${first.message}`,
      actions,
      parsed.problems.map((problem) => problem.message).join('\n'),
    );
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
    const kind = context === null ? 'null' : Array.isArray(context) ? 'an array' : `a ${typeof context}`;
    throw validationError('InvalidClientContext', `The client context must be a JSON object, not ${kind}.`, [
      { kind: 'editOption', option: 'clientContext' },
    ]);
  }
  let json: string;
  try {
    json = JSON.stringify(context);
  } catch (error) {
    const actions: ErrorAction[] = [{ kind: 'editOption', option: 'clientContext' }];
    throw validationError(
      'InvalidClientContext',
      'The client context cannot be written as JSON.',
      actions,
      String(error),
    );
  }
  const encoded = Buffer.from(json, 'utf8').toString('base64');
  if (encoded.length > MAX_CLIENT_CONTEXT_BYTES) {
    throw validationError(
      'ClientContextTooLarge',
      `The client context is ${encoded.length} bytes once base64-encoded; Lambda accepts at most ${MAX_CLIENT_CONTEXT_BYTES}.`,
      [{ kind: 'editOption', option: 'clientContext' }],
    );
  }
  return encoded;
}

/**
 * Checks a FunctionName and Qualifier against Lambda's patterns and length limits, and that the qualifier written in
 * the name agrees with the Qualifier; throws the `LambdaStreamError` `prepareInvocation` would. Exported so the VS Code
 * layer refuses a bad target before an invocation is opened or remembered.
 */
export function checkFunctionTarget(functionName: string, qualifier: string | undefined): void {
  checkFunctionName(functionName);
  if (qualifier !== undefined) checkQualifier(functionName, qualifier);
}

/** Checks a TenantId against Lambda's pattern and length limits; throws the `LambdaStreamError` `prepareInvocation` would. */
export function checkTenantId(tenantId: string): void {
  const problem = describeTenantIdProblem(tenantId);
  if (problem)
    throw validationError(
      'InvalidTenantId',
      problem,
      [{ kind: 'editOption', option: 'tenantId' }],
      formatValidationMessage(validateTenantId(tenantId)),
    );
}

function checkFunctionName(functionName: string): void {
  const problem = describeFunctionNameProblem(functionName);
  if (!problem) return;
  const violations = validateFunctionName(functionName, 'namespaced');
  throw validationError(
    'InvalidFunctionName',
    problem,
    [{ kind: 'chooseFunction' }],
    violations.length > 0 ? formatValidationMessage(violations) : undefined,
  );
}

function checkQualifier(functionName: string, qualifier: string): void {
  const actions: ErrorAction[] = [{ kind: 'editOption', option: 'qualifier' }];
  const problem = describeQualifierProblem(qualifier);
  if (problem)
    throw validationError(
      'InvalidQualifier',
      problem,
      actions,
      formatValidationMessage(validateQualifier(qualifier, 'invoke')),
    );
  const resolved = resolveQualifier(parseFunctionName(functionName).qualifier, qualifier);
  if (!resolved.ok) {
    throw validationError(
      'QualifierConflict',
      `The function name already names a different version or alias than '${qualifier}'.`,
      actions,
      resolved.message,
    );
  }
}
