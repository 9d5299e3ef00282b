/**
 * Runs a checked invocation: takes a reserved-concurrency slot (429 TooManyRequestsException with Retry-After when
 * none is free), runs the handler out of process with its log, and frees the slot however the run ends.
 */
import { tooManyRequests } from '../apiError';
import { InvocationLog } from '../invocationLog';
import { type RunOutcome, runHandler } from '../runner';
import type { ApiRequest } from './apiRequest';
import type { InvocationRequest } from './invocationRequest';
import { functionArn } from './target';

/** Seconds a throttled caller is told to wait. */
const RETRY_AFTER_SECONDS = 1;

/** A finished run and its log. */
export interface Execution {
  outcome: RunOutcome;
  log: InvocationLog;
}

/** Takes a slot under the function's reserved concurrency or throws 429; call the result when the run ends. */
export function reserveSlot(request: ApiRequest, invocation: InvocationRequest): () => void {
  const { entry } = invocation.target;
  const release = request.endpoint.limiter.acquire(entry.name, entry.settings.reservedConcurrency);
  if (!release) throw tooManyRequests(RETRY_AFTER_SECONDS);
  return release;
}

/** Runs the handler; `onChunk` receives output in order and its promise paces the handler. */
export async function execute(
  request: ApiRequest,
  invocation: InvocationRequest,
  onChunk: (data: Uint8Array) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<Execution> {
  const { target } = invocation;
  const log = new InvocationLog(request.requestId, request.endpoint.invocationLog);
  const outcome = await runHandler({
    entry: target.entry,
    version: target.version,
    invokedFunctionArn: functionArn(request.scope, target.entry.name, target.qualifier),
    requestId: request.requestId,
    payload: invocation.payload,
    clientContext: invocation.clientContext,
    tenantId: invocation.tenantId,
    region: request.scope.region,
    log,
    onChunk,
    signal: signal ? AbortSignal.any([signal, request.endpoint.closing]) : request.endpoint.closing,
  });
  return { outcome, log };
}
