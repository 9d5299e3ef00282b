/**
 * The buffered fallback: a plain Invoke (RequestResponse or DryRun) for functions that do not stream, or when the
 * user asks for it. It yields the same events as `invokeStreaming`, so every consumer handles both alike: `started`
 * at header time, one `chunk` with the whole payload, and `complete` with the function error surfaced
 * (`functionError` from `X-Amz-Function-Error`; `errorCode`/`errorDetails` from the error object in the payload).
 */
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { toLambdaStreamError } from './errors';
import type { InvokeEvent, InvokeOptions, InvokeTarget } from './events';
import { abortError, type InvocationCall, startInvocationCall } from './invocationCall';
import { bufferedCompleteEvent, startedEvent } from './invocationEvents';
import { MetricsRecorder } from './metrics';
import { OutputAssembler } from './output';
import { prepareInvocation } from './request';

/**
 * Invokes a function without streaming. Same contract as `invokeStreaming`: a function failure is reported in
 * `complete`, anything else throws a `LambdaStreamError`. The `decoder` option does not apply.
 */
export async function* invokeBuffered(
  target: InvokeTarget,
  payload: string | Uint8Array,
  options: InvokeOptions = {},
): AsyncGenerator<InvokeEvent, void, undefined> {
  const metrics = new MetricsRecorder();
  const { input, context } = prepareInvocation(target, payload, options);
  let call: InvocationCall<InvokeCommandOutput> | undefined;
  try {
    call = await startInvocationCall(target, options, context, input, (client, sdk, abortSignal) =>
      client.send(new sdk.InvokeCommand(input), { abortSignal }), false);
    const response = await call.headers();
    context.phase = 'stream';
    yield startedEvent(response, metrics.markHeaders());
    const result = await call.output();
    const output = new OutputAssembler(response.headers['content-type'], options.decodeText !== false, metrics);
    const chunk = result.Payload && result.Payload.byteLength > 0 ? output.accept(result.Payload) : undefined;
    const prelude = output.takePrelude();
    if (prelude) yield prelude;
    if (chunk) yield chunk;
    const tail = output.finish();
    if (tail) yield tail;
    metrics.markEnd();
    yield bufferedCompleteEvent(result, output.binary, metrics);
  } catch (error) {
    metrics.markEnd();
    const cause = call?.aborted || options.signal?.aborted ? abortError() : error;
    throw toLambdaStreamError(cause, { ...context, responseContentType: call?.errorContentType }, metrics.snapshot());
  } finally {
    call?.close();
  }
}
