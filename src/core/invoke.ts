/**
 * The streaming engine: InvokeWithResponseStream as an async generator of {@link InvokeEvent}s.
 *
 * The SDK does the request (signing, credentials, endpoint, error responses). The response tap reports `started`
 * as soon as the headers arrive, whatever the SDK version does about the first event. For a 2xx body the default
 * `direct` path decodes the frames itself from the raw body; `decoder: 'sdk'` consumes the SDK's `EventStream`
 * instead. Both yield the same events and throw the same classified errors.
 */
import type { InvokeWithResponseStreamCommandOutput } from '@aws-sdk/client-lambda';
import { LambdaStreamError, toLambdaStreamError } from './errors';
import type { InvokeEvent, InvokeOptions, InvokeTarget } from './events';
import type { StreamMessage } from './eventStream';
import { abortError, type InvocationCall, startInvocationCall } from './invocationCall';
import { startedEvent, streamCompleteEvent } from './invocationEvents';
import { MetricsRecorder } from './metrics';
import { OutputAssembler } from './output';
import { prepareInvocation } from './request';
import { directMessages, sdkMessages } from './streamSources';

/**
 * Invokes a function with response streaming and yields, in order: `started` (at header time), `httpPrelude` (if
 * the output starts with one), each `chunk` as it arrives, and `complete`. A function failure is reported in
 * `complete.errorCode`, not thrown. Anything else (validation, credentials, network, service exceptions, broken
 * streams, cancellation) throws a {@link LambdaStreamError}; the events already yielded stay valid.
 *
 * Iterate to the end or `break` (which releases the connection). Aborting `options.signal` cancels at any point;
 * the function itself may keep running.
 */
export async function* invokeStreaming(
  target: InvokeTarget,
  payload: string | Uint8Array,
  options: InvokeOptions = {},
): AsyncGenerator<InvokeEvent, void, undefined> {
  const metrics = new MetricsRecorder();
  const { input, context } = prepareInvocation(target, payload, options);
  const direct = (options.decoder ?? 'direct') === 'direct';
  let call: InvocationCall<InvokeWithResponseStreamCommandOutput> | undefined;
  try {
    call = await startInvocationCall(target, options, context, input, (client, sdk, abortSignal) =>
      client.send(new sdk.InvokeWithResponseStreamCommand(input), { abortSignal }), direct);
    const response = await call.headers();
    context.phase = 'stream';
    yield startedEvent(response, metrics.markHeaders());
    const messages = direct ? directMessages(response.body) : sdkMessages((await call.output()).EventStream);
    if (direct) await call.output();
    const output = new OutputAssembler(response.headers['content-type'], options.decodeText !== false, metrics);
    let completion: StreamMessage | undefined;
    for await (const message of messages) {
      if (message.kind === 'complete') {
        completion = message;
        continue;
      }
      const chunk = output.accept(message.payload);
      const prelude = output.takePrelude();
      if (prelude) yield prelude;
      if (chunk) yield chunk;
    }
    const tail = output.finish();
    if (tail) yield tail;
    if (call.aborted) throw abortError();
    if (!completion && response.statusCode === 200) throw incompleteStream();
    metrics.markEnd();
    yield streamCompleteEvent(completion, output.binary, metrics);
  } catch (error) {
    metrics.markEnd();
    const cause = call?.aborted || options.signal?.aborted ? abortError() : error;
    throw toLambdaStreamError(cause, { ...context, responseContentType: call?.errorContentType }, metrics.snapshot());
  } finally {
    call?.close();
  }
}

function incompleteStream(): LambdaStreamError {
  return new LambdaStreamError({
    code: 'IncompleteStream',
    category: 'stream',
    message: "The response ended without Lambda's completion message; the output may be incomplete.",
    actions: [{ kind: 'retry' }],
  });
}
