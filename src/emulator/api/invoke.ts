/**
 * Invoke (POST /2015-03-31/functions/{name}/invocations): RequestResponse returns the function's output buffered
 * (a streaming handler's writes are concatenated) with `X-Amz-Function-Error: Unhandled` and the error object on
 * failure; Event answers 202 and runs in the background (queued, never throttled, while the function's reserved
 * concurrency is in use); DryRun answers 204.
 */
import { MAX_SYNC_RESPONSE_BYTES } from '../../core/rules/names';
import type { ErrorBody } from '../hostProtocol';
import { sendEmpty } from '../responses';
import type { ApiRequest } from './apiRequest';
import { execute, executeInBackground, reserveSlot } from './execute';
import { readInvocationRequest } from './invocationRequest';

const OPERATION = { invocationTypes: ['RequestResponse', 'Event', 'DryRun'], operationName: 'InvokeFunction' };

/** POST /2015-03-31/functions/{name}/invocations */
export async function invoke(request: ApiRequest): Promise<void> {
  const invocation = await readInvocationRequest(request, OPERATION);
  if (invocation.invocationType === 'DryRun') return sendEmpty(request.res, 204);
  if (invocation.invocationType === 'Event') {
    executeInBackground(request, invocation);
    return sendEmpty(request.res, 202);
  }
  const release = reserveSlot(request, invocation);

  const parts: Uint8Array[] = [];
  let size = 0;
  const collect = (data: Uint8Array) => {
    size += data.byteLength;
    if (size <= MAX_SYNC_RESPONSE_BYTES) parts.push(data);
  };
  const gone = new AbortController();
  request.res.once('close', () => request.res.writableFinished || gone.abort());
  const { outcome, log } = await execute(request, invocation, collect, gone.signal).finally(release);

  let error: ErrorBody | undefined = outcome.ok ? undefined : outcome.error;
  const body = outcome.ok && outcome.body ? outcome.body : Buffer.concat(parts);
  const total = outcome.ok && outcome.body ? outcome.body.byteLength : size;
  if (!error && total > MAX_SYNC_RESPONSE_BYTES) {
    error = {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size (${total} bytes) exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`,
    };
  }
  const payload = error ? Buffer.from(JSON.stringify(error)) : body;
  request.res.writeHead(200, {
    'X-Amz-Executed-Version': invocation.target.version,
    'Content-Type': 'application/json',
    'Content-Length': payload.byteLength,
    ...(invocation.tail ? { 'X-Amz-Log-Result': log.tailBase64() } : {}),
    ...(error ? { 'X-Amz-Function-Error': 'Unhandled' } : {}),
  });
  request.res.end(payload);
}
