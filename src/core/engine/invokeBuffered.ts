/**
 * The buffered fallback: a plain Invoke (RequestResponse or DryRun) for functions that do not stream, or when the
 * user asks for it. It yields the same events as `invokeStreaming`, so every consumer handles both alike: `started`
 * at header time, one `chunk` with the whole payload, and `complete` with the function error surfaced
 * (`functionError` from `X-Amz-Function-Error`; `errorCode`/`errorDetails` from the error object in the payload).
 */
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { InvokeEvent, InvokeOptions, InvokeTarget } from './events';
import { MAX_BUFFERED_RESPONSE_BYTES } from './invocationCall';
import { bufferedCompleteEvent } from './invocationEvents';
import { runInvocation } from './invocationRun';
import { OutputAssembler } from './output';

/**
 * Invokes a function without streaming. Same contract as `invokeStreaming`: a function failure is reported in
 * `complete`, anything else throws a `LambdaStreamError`. The `decoder` option does not apply.
 */
export function invokeBuffered(
  target: InvokeTarget,
  payload: string | Uint8Array,
  options: InvokeOptions = {},
): AsyncGenerator<InvokeEvent, void, undefined> {
  return runInvocation<InvokeCommandOutput>(target, payload, options, {
    send: (client, sdk, input, abortSignal) => client.send(new sdk.InvokeCommand(input), { abortSignal }),
    takeBody: false,
    maxBodyBytes: MAX_BUFFERED_RESPONSE_BYTES,
    async *events({ call, response, metrics }) {
      const result = await call.output();
      const output = new OutputAssembler(response.headers['content-type'], options.decodeText !== false, metrics);
      const chunk = result.Payload && result.Payload.byteLength > 0 ? output.accept(result.Payload) : undefined;
      const prelude = output.takePrelude();
      const events = [prelude, chunk, ...output.finish()].filter((event) => event !== undefined);
      metrics.markEnd();
      yield [...events, bufferedCompleteEvent(result, output.binary, metrics)];
    },
  });
}
