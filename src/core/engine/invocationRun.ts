/**
 * The lifecycle Invoke and InvokeWithResponseStream share: check and build the request, send it with the response
 * tap, yield `started` as soon as the headers arrive, let the operation yield its own events, classify whatever
 * fails (cancellation wins over the error it caused) with the metrics so far, and always release the request.
 */
import { toLambdaStreamError } from '../errors/classify';
import type { InvokeEvent, InvokeOptions, InvokeTarget } from './events';
import { localSigning } from '../aws/client';
import { abortError, type LambdaSdk, type OpenCall, startInvocationCall } from './invocationCall';
import { startPlainInvocationCall } from './plainCall';
import { startedEvent } from './invocationEvents';
import { MetricsRecorder } from './metrics';
import { type InvocationInput, prepareInvocation } from './request';
import type { RawResponse } from './responseTap';
import type { LambdaClientLike } from '../aws/sdk';

/** What an operation's own part gets once the response headers arrived. */
export interface OpenInvocation<Output> {
  readonly call: OpenCall<Output>;
  readonly response: RawResponse;
  readonly metrics: MetricsRecorder;
}

/** How one operation sends its command and turns the response into events. */
export interface InvocationOperation<Output> {
  /** Sends the command for `input` with the abort signal given. */
  send(client: LambdaClientLike, sdk: LambdaSdk, input: InvocationInput, abortSignal: AbortSignal): Promise<Output>;
  /** Hand a 2xx body to `events` instead of the SDK (see `InvocationCall`). */
  readonly takeBody: boolean;
  /** A body the SDK reads stops with an error past this many bytes. */
  readonly maxBodyBytes?: number;
  /**
   * Set when the operation can be sent to this user's Local endpoint without the SDK (plainCall.ts): its REST path
   * after `/2021-11-15/functions/{name}/`, and its output as the SDK gives it when the engine takes the body.
   */
  readonly plain?: { readonly path: string; output(response: RawResponse): Output };
  /**
   * The events after `started`, in batches (one step per socket buffer, not per event: each step through an async
   * generator costs a promise and a microtask); whatever it throws is classified.
   */
  events(open: OpenInvocation<Output>): AsyncGenerator<readonly InvokeEvent[], void, undefined>;
}

/** Runs one invocation of `operation`: `started`, the operation's events, or a thrown `LambdaStreamError`. */
export async function* runInvocation<Output>(
  target: InvokeTarget,
  payload: string | Uint8Array,
  options: InvokeOptions,
  operation: InvocationOperation<Output>,
): AsyncGenerator<InvokeEvent, void, undefined> {
  const metrics = new MetricsRecorder();
  const { input, context } = prepareInvocation(target, payload, options);
  let call: OpenCall<Output> | undefined;
  try {
    const plain = options.client ? undefined : operation.plain;
    const signing = plain && localSigning(target.connection);
    if (signing) context.region = signing.region;
    call =
      plain && signing
        ? startPlainInvocationCall(signing, plain.path, input, options.signal, plain.output)
        : await startInvocationCall(
            target,
            options,
            context,
            input,
            (client, sdk, abortSignal) => operation.send(client, sdk, input, abortSignal),
            operation.takeBody,
            operation.maxBodyBytes,
          );
    const response = await call.headers();
    context.phase = 'stream';
    yield startedEvent(response, metrics.markHeaders());
    for await (const batch of operation.events({ call, response, metrics })) for (const event of batch) yield event;
  } catch (error) {
    metrics.markEnd();
    const cause = call?.aborted || options.signal?.aborted ? abortError() : error;
    throw toLambdaStreamError(cause, { ...context, responseContentType: call?.errorContentType }, metrics.snapshot());
  } finally {
    call?.close();
  }
}
