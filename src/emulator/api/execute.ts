/**
 * Runs a checked invocation under the function's reserved concurrency and frees the slot however the run ends.
 * A synchronous invocation takes a slot at once or is throttled (429 TooManyRequestsException with Retry-After); an
 * Event invocation is queued until a slot frees, as Lambda's asynchronous queue does, and runs in the background.
 */
import { tooManyRequests } from '../apiError';
import { InvocationLog } from '../invocationLog';
import { type RunOutcome, runHandler } from '../runner';
import type { ApiRequest, EndpointState } from './apiRequest';
import type { FunctionEntry } from '../registry';
import type { InvocationRequest } from './invocationRequest';
import { functionArn } from './target';

/** Seconds a throttled caller is told to wait. */
const RETRY_AFTER_SECONDS = 1;
/** The limiter key of the endpoint-wide cap on handler processes (no function name can contain a space). */
const ALL_FUNCTIONS = ' all functions';
/** Event invocations queued or running at once by default; past this, Event invocations are throttled too. */
export const MAX_QUEUED_EVENTS = 1000;

/** A finished run and its log. */
export interface Execution {
  outcome: RunOutcome;
  log: InvocationLog;
}

/** Takes a slot under the function's reserved concurrency or throws 429; call the result when the run ends. */
export function reserveSlot(request: ApiRequest, invocation: InvocationRequest): () => void {
  const release = takeSlots(request.endpoint, invocation.target.entry);
  if (!release) throw tooManyRequests(RETRY_AFTER_SECONDS);
  return release;
}

/**
 * A slot under the function's reserved concurrency and one under the endpoint-wide cap, or undefined (nothing
 * taken) when either is full. The result frees both, once.
 */
export function takeSlots(endpoint: EndpointState, entry: FunctionEntry): (() => void) | undefined {
  const { limiter, maxProcesses } = endpoint;
  const releaseFunction = limiter.acquire(entry.name, entry.settings.reservedConcurrency);
  if (!releaseFunction) return undefined;
  const releaseGlobal = limiter.acquire(ALL_FUNCTIONS, maxProcesses);
  if (!releaseGlobal) {
    releaseFunction();
    return undefined;
  }
  return () => {
    releaseGlobal();
    releaseFunction();
  };
}

/**
 * Runs the handler; `onChunk` receives output in order and its promise paces the handler. The run stops when
 * `signal` aborts or the endpoint closes. Never rejects.
 */
export async function execute(
  request: ApiRequest,
  invocation: InvocationRequest,
  onChunk: (data: Uint8Array) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<Execution> {
  const { target } = invocation;
  const { endpoint } = request;
  const log = new InvocationLog(request.requestId, endpoint.invocationLog);
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
    // Two plain listeners, removed when the run ends: `AbortSignal.any` against the endpoint's long-lived signal
    // would keep a reference per invocation for the endpoint's lifetime on Node 20.
    signals: signal ? [signal, endpoint.closing] : [endpoint.closing],
    launch: endpoint.launchHost,
    spare: endpoint.spareHost,
    passAwsCredentials: endpoint.passAwsCredentials,
  });
  return { outcome, log };
}

/**
 * Queues an Event invocation: it waits for a reserved-concurrency slot (never throttled), runs, and frees the slot.
 * `close()` waits for it; one still queued when the endpoint closes never runs.
 */
export function executeInBackground(request: ApiRequest, invocation: InvocationRequest): void {
  const { endpoint } = request;
  const { entry } = invocation.target;
  if (endpoint.background.size >= endpoint.maxQueuedEvents) throw tooManyRequests(RETRY_AFTER_SECONDS);
  const run = (async () => {
    const release = await endpoint.limiter.waitForSlot(
      entry.name,
      entry.settings.reservedConcurrency,
      endpoint.closing,
    );
    if (!release) return;
    const releaseGlobal = await endpoint.limiter.waitForSlot(ALL_FUNCTIONS, endpoint.maxProcesses, endpoint.closing);
    if (!releaseGlobal) return release();
    try {
      await execute(request, invocation, () => undefined);
    } finally {
      releaseGlobal();
      release();
    }
  })().catch((error: unknown) => {
    endpoint.report(
      `the Event invocation ${request.requestId} of ${entry.name} failed in the endpoint: ${(error as Error).message}`,
    );
  });
  endpoint.background.add(run);
  void run.finally(() => endpoint.background.delete(run));
}
