/**
 * Reads and checks what Invoke and InvokeWithResponseStream share: the body (413 past 6 MB, or 1 MB for Event), the
 * header enums and TenantId (reported with the name violations as one ValidationException), the target, a JSON
 * payload (InvalidRequestContentException) and ClientContext (≤ 3,583 bytes of base64 JSON, handed to the handler).
 */
import {
  MAX_ASYNC_PAYLOAD_BYTES,
  MAX_CLIENT_CONTEXT_BYTES,
  MAX_SYNC_PAYLOAD_BYTES,
  validateTenantId,
  violation,
} from '../../core/rules/names';
import { invalidParameterValue, invalidRequestContent, requestEntityTooLarge } from '../apiError';
import { type ApiRequest, header } from './apiRequest';
import { resolveTarget, type Target } from './target';

/** A checked invocation request. */
export interface InvocationRequest {
  target: Target;
  invocationType: string;
  tail: boolean;
  payload: string;
  clientContext?: unknown;
  tenantId?: string;
}

/** What differs between the two invoke operations. */
export interface InvokeOperation {
  /** Allowed X-Amz-Invocation-Type values. */
  invocationTypes: readonly string[];
  /** The name in the 413 message, e.g. `InvokeFunction`. */
  operationName: string;
}

/** Reads the body and checks the request; throws the LambdaApiError AWS would answer with. */
export async function readInvocationRequest(
  request: ApiRequest,
  operation: InvokeOperation,
): Promise<InvocationRequest> {
  const invocationType = header(request, 'X-Amz-Invocation-Type') ?? 'RequestResponse';
  const logType = header(request, 'X-Amz-Log-Type') ?? 'None';
  const tenantId = header(request, 'X-Amz-Tenant-Id');
  const isEvent = invocationType === 'Event';
  const limit = isEvent ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
  const body = request.body.body !== undefined && request.body.size <= limit ? { body: request.body.body } : undefined;
  if (!body) {
    throw requestEntityTooLarge(
      isEvent
        ? `${request.body.size} byte payload is too large for the Event invocation type (limit ${MAX_ASYNC_PAYLOAD_BYTES} bytes)`
        : `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the ${operation.operationName} operation`,
    );
  }

  const violations = [
    ...(operation.invocationTypes.includes(invocationType)
      ? []
      : [enumViolation(invocationType, 'invocationType', operation.invocationTypes)]),
    ...(['None', 'Tail'].includes(logType) ? [] : [enumViolation(logType, 'logType', ['None', 'Tail'])]),
    ...(tenantId === undefined ? [] : validateTenantId(tenantId)),
  ];
  const target = resolveTarget(
    request,
    { nameShape: 'namespaced', qualifierShape: 'invoke', invoke: true },
    violations,
  );
  if (target.entry.settings.tenantIsolation && tenantId === undefined) {
    throw invalidParameterValue(`The function ${target.entry.name} uses tenant isolation; specify a TenantId.`);
  }

  const payload = body.body.toString('utf8');
  if (payload.length > 0) {
    try {
      JSON.parse(payload);
    } catch (error) {
      throw invalidRequestContent(
        `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
      );
    }
  }
  const clientContext = parseClientContext(header(request, 'X-Amz-Client-Context'));
  return {
    target,
    invocationType,
    tail: logType === 'Tail',
    payload,
    tenantId,
    ...(clientContext === undefined ? {} : { clientContext }),
  };
}

function enumViolation(value: string, field: string, allowed: readonly string[]): string {
  return violation(value, field, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
}

/** Decodes the base64 JSON ClientContext into the object the handler sees as `context.clientContext`. */
function parseClientContext(encoded: string | undefined): unknown {
  if (encoded === undefined || encoded === '') return undefined;
  if (Buffer.byteLength(encoded) > MAX_CLIENT_CONTEXT_BYTES) {
    throw invalidRequestContent(
      `Client context must be at most ${MAX_CLIENT_CONTEXT_BYTES} bytes of base64-encoded JSON.`,
    );
  }
  const invalid = invalidRequestContent('Client context must be a valid Base64-encoded JSON object.');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw invalid;
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid;
    return value;
  } catch {
    throw invalid;
  }
}
