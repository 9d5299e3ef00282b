/**
 * Calls a handler the way Lambda's Node.js runtime does: streaming handlers get `(event, responseStream, context)`
 * and must return a promise; buffered handlers may return a value, a promise, or use the legacy callback.
 */
import { finished } from 'node:stream/promises';
import type { TaggedHandler } from './awslambda';
import type { ParentChannel } from './channel';
import type { LambdaContext } from './lambdaContext';
import { LambdaResponseStream } from './responseStream';

/** The runtime's error when a streaming handler's promise settles and its stream can no longer end. */
export const STREAM_NOT_FINISHED = 'Response stream is not finished.';

/**
 * Runs a streaming handler. Resolves when the handler's promise has settled and its stream has ended. A stream the
 * handler left open may still be ended by work it left running (an un-awaited `pipe`, a timer); once nothing is left
 * that could end it (the process goes idle), the invocation fails at once with the runtime's "Response stream is not
 * finished." instead of waiting for the timeout. On a throw, the writes made so far are delivered first.
 */
export async function runStreaming(
  handler: TaggedHandler,
  event: unknown,
  context: LambdaContext,
  channel: ParentChannel,
): Promise<undefined> {
  const stream = new LambdaResponseStream((data) => channel.sendChunk(data));
  const ended = finished(stream);
  ended.catch(() => undefined);
  try {
    const returned = handler(event, stream, context);
    if (!isPromise(returned)) throw new Error('Streaming does not support non-async handlers.');
    const value = await returned;
    if (value !== undefined) console.warn('Streaming handlers ignore return values.');
    await channel.send({ type: 'returned' });
    await (stream.writableEnded ? ended : endedUnlessIdle(ended, channel));
    return undefined;
  } catch (error) {
    if (!stream.writableEnded && !stream.destroyed) stream.end();
    await ended.catch(() => undefined);
    throw error;
  }
}

/** Resolves when the stream ends; rejects with STREAM_NOT_FINISHED when the process goes idle before that. */
function endedUnlessIdle(ended: Promise<void>, channel: ParentChannel): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onIdle = () => {
      process.off('beforeExit', onIdle);
      reject(new Error(STREAM_NOT_FINISHED));
    };
    process.on('beforeExit', onIdle);
    channel.holdOnlyWhileAcksPending();
    ended.then(
      () => {
        process.off('beforeExit', onIdle);
        resolve();
      },
      (error: unknown) => {
        process.off('beforeExit', onIdle);
        reject(error);
      },
    );
  });
}

/** Runs a buffered handler and returns its result as Lambda serialises it (JSON; `undefined` becomes `null`). */
export async function runBuffered(handler: TaggedHandler, event: unknown, context: LambdaContext): Promise<Uint8Array> {
  const value = await new Promise<unknown>((resolve, reject) => {
    const callback = (error: unknown, result?: unknown) =>
      error !== undefined && error !== null ? reject(error) : resolve(result);
    const returned = handler(event, context, callback);
    if (isPromise(returned)) returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
  return Buffer.from(JSON.stringify(value) ?? 'null');
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
