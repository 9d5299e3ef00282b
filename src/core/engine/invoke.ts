/**
 * The streaming engine: InvokeWithResponseStream as an async generator of {@link InvokeEvent}s.
 *
 * The SDK does the request (signing, credentials, endpoint, error responses), except to this user's own Local
 * endpoint, which gets a plain signed request (plainCall.ts: the SDK is a quarter of a CLI run's time to its first
 * chunk, and Local needs none of it). The response tap reports `started`
 * as soon as the headers arrive, whatever the SDK version does about the first event. For a 2xx body the default
 * `direct` path decodes the frames itself from the raw body; `decoder: 'sdk'` consumes the SDK's `EventStream`
 * instead. Both yield the same events and throw the same classified errors.
 */
import type { InvokeWithResponseStreamCommandOutput } from '@aws-sdk/client-lambda';
import { LambdaStreamError } from '../errors/classify';
import type { InvokeEvent, InvokeOptions, InvokeTarget } from './events';
import type { StreamMessage } from './eventStream';
import { abortError } from './invocationCall';
import { streamCompleteEvent } from './invocationEvents';
import { runInvocation } from './invocationRun';
import { OutputAssembler } from './output';
import type { RawResponse } from './responseTap';
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
export function invokeStreaming(
  target: InvokeTarget,
  payload: string | Uint8Array,
  options: InvokeOptions = {},
): AsyncGenerator<InvokeEvent, void, undefined> {
  const direct = (options.decoder ?? 'direct') === 'direct';
  return runInvocation<InvokeWithResponseStreamCommandOutput>(target, payload, options, {
    send: (client, sdk, input, abortSignal) =>
      client.send(new sdk.InvokeWithResponseStreamCommand(input), { abortSignal }),
    takeBody: direct,
    plain: direct ? { path: 'response-streaming-invocations', output: takenBodyOutput } : undefined,
    async *events({ call, response, metrics }) {
      const messages = direct ? directMessages(response.body) : sdkMessages((await call.output()).EventStream);
      if (direct) await call.output();
      const output = new OutputAssembler(response.headers['content-type'], options.decodeText !== false, metrics);
      let completion: StreamMessage | undefined;
      for await (const batch of messages) {
        const events: InvokeEvent[] = [];
        for (const message of batch) {
          if (message.kind === 'complete') {
            completion = message;
            continue;
          }
          const chunk = output.acceptParts(message.parts, message.byteLength);
          const prelude = output.takePrelude();
          if (prelude) events.push(prelude);
          if (chunk) events.push(chunk);
        }
        if (events.length > 0) yield events;
      }
      const tail = output.finish();
      if (tail.length > 0) yield tail;
      if (call.aborted) throw abortError();
      if (!completion && response.statusCode === 200) throw incompleteStream();
      metrics.markEnd();
      yield [streamCompleteEvent(completion, output.binary, metrics)];
    },
  });
}

/** What the SDK's `send()` resolves to when the engine took the body: the response's headers, no EventStream. */
function takenBodyOutput(response: RawResponse): InvokeWithResponseStreamCommandOutput {
  return {
    $metadata: { httpStatusCode: response.statusCode, requestId: response.headers['x-amzn-requestid'], attempts: 1 },
    StatusCode: response.statusCode,
    ExecutedVersion: response.headers['x-amz-executed-version'],
    ResponseStreamContentType: response.headers['content-type'],
  };
}

function incompleteStream(): LambdaStreamError {
  return new LambdaStreamError({
    code: 'IncompleteStream',
    category: 'stream',
    message: "The response ended without Lambda's completion message; the output may be incomplete.",
    actions: [{ kind: 'retry' }],
  });
}
