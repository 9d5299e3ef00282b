/**
 * Calls a handler the way Lambda's Node.js runtime does: streaming handlers get `(event, responseStream, context)`
 * and must return a promise; buffered handlers may return a value, a promise, or use the legacy callback.
 */
import { finished } from 'node:stream/promises';
import type { TaggedHandler } from './awslambda';
import type { ParentChannel } from './channel';
import type { LambdaContext } from './lambdaContext';
import { LambdaResponseStream } from './responseStream';

/**
 * Runs a streaming handler. Resolves when the handler's promise has settled and its stream has ended, like the
 * runtime, which waits for the end of the response request (a stream never ended runs into the timeout). On a throw,
 * the writes made so far are delivered first.
 */
export async function runStreaming(handler: TaggedHandler, event: unknown, context: LambdaContext, channel: ParentChannel): Promise<undefined> {
  const stream = new LambdaResponseStream((data) => channel.sendChunk(data));
  const ended = finished(stream);
  ended.catch(() => undefined);
  try {
    const returned = handler(event, stream, context);
    if (!isPromise(returned)) throw new Error('Streaming does not support non-async handlers.');
    const value = await returned;
    if (value !== undefined) console.warn('Streaming handlers ignore return values.');
    await channel.send({ type: 'returned' });
    await ended;
    return undefined;
  } catch (error) {
    if (!stream.writableEnded && !stream.destroyed) stream.end();
    await ended.catch(() => undefined);
    throw error;
  }
}

/** Runs a buffered handler and returns its result as Lambda serialises it (JSON; `undefined` becomes `null`). */
export async function runBuffered(handler: TaggedHandler, event: unknown, context: LambdaContext): Promise<Uint8Array> {
  const value = await new Promise<unknown>((resolve, reject) => {
    const callback = (error: unknown, result?: unknown) => (error !== undefined && error !== null ? reject(error) : resolve(result));
    const returned = handler(event, context, callback);
    if (isPromise(returned)) returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
  return Buffer.from(JSON.stringify(value) ?? 'null');
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
