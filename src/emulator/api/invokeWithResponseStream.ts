/**
 * InvokeWithResponseStream (POST /2021-11-15/functions/{name}/response-streaming-invocations): status 200 and an
 * event stream with one PayloadChunk per handler write as it happens, always closed by InvokeComplete, which carries
 * ErrorCode/ErrorDetails when the handler failed (chunks already sent stay delivered) and LogResult with `Tail`.
 * A buffered handler's result arrives as chunks too. DryRun answers 204.
 */
import { MAX_STREAMING_RESPONSE_BYTES } from '../../core/rules/names';
import { EVENT_STREAM_CONTENT_TYPE, EventStreamWriter, type InvokeCompleteFields } from '../eventStreamWriter';
import { sendEmpty } from '../responses';
import { StopInvocation } from '../runner';
import type { ApiRequest } from './apiRequest';
import { execute, reserveSlot } from './execute';
import { readInvocationRequest } from './invocationRequest';

const OPERATION = { invocationTypes: ['RequestResponse', 'DryRun'], operationName: 'InvokeWithResponseStream' };

/** POST /2021-11-15/functions/{name}/response-streaming-invocations */
export async function invokeWithResponseStream(request: ApiRequest): Promise<void> {
  const invocation = await readInvocationRequest(request, OPERATION);
  if (invocation.invocationType === 'DryRun') return sendEmpty(request.res, 204);
  const release = reserveSlot(request, invocation);

  const { res } = request;
  res.writeHead(200, {
    'Content-Type': EVENT_STREAM_CONTENT_TYPE,
    'X-Amz-Executed-Version': invocation.target.version,
  });
  res.flushHeaders();
  const writer = new EventStreamWriter(res);
  const gone = new AbortController();
  res.once('close', () => res.writableFinished || gone.abort());

  let streamed = 0;
  const forward = async (data: Uint8Array) => {
    streamed += data.byteLength;
    if (streamed > MAX_STREAMING_RESPONSE_BYTES) {
      throw new StopInvocation({
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_STREAMING_RESPONSE_BYTES} bytes).`,
      });
    }
    await writer.payloadChunk(data);
  };
  const { outcome, log } = await execute(request, invocation, forward, gone.signal).finally(release);

  const complete: InvokeCompleteFields = {};
  if (outcome.ok && outcome.body) {
    await forward(outcome.body).catch((error: unknown) => {
      if (error instanceof StopInvocation)
        Object.assign(complete, { ErrorCode: error.body.errorType, ErrorDetails: error.body.errorMessage });
    });
  }
  if (!outcome.ok)
    Object.assign(complete, { ErrorCode: outcome.error.errorType, ErrorDetails: outcome.error.errorMessage });
  if (invocation.tail) complete.LogResult = log.tailBase64();
  writer.complete(complete);
}
