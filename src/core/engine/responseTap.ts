/**
 * A middleware on the Lambda client's own stack that sees each raw HTTP response the moment its headers arrive,
 * before the SDK's deserializer runs. Two reasons:
 * - `@aws-sdk/client-lambda` ≥ 3.929 does not resolve `send()` for InvokeWithResponseStream until the first whole
 *   event has been decoded, so a slow first byte would leave the caller blind; the tap reports the headers at once.
 * - For the direct decoding path the tap takes a 2xx body away from the SDK (handing it an empty stream, so `send()`
 *   resolves immediately) and the core decodes the event-stream frames itself.
 * The middleware is installed once per client; each invocation registers its tap against its command input object.
 */
import { Readable } from 'node:stream';
import type { LambdaClientLike } from '../aws/sdk';

/** The raw response as the Node HTTP handler produced it (header names lower-case). */
export interface RawResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The Node `IncomingMessage`. */
  readonly body: Readable;
}

/**
 * One invocation's hook. Return true to take the body (the SDK then deserializes an empty stream instead), or a
 * stream to hand the SDK in place of the body (e.g. one that stops at a size limit).
 */
export type ResponseTap = (response: RawResponse) => boolean | Readable;

type Stack = LambdaClientLike['middlewareStack'];
type AnyMiddleware = Parameters<Stack['add']>[0];

const MIDDLEWARE_NAME = 'lambdaStreamResponseTap';
const taps = new WeakMap<object, ResponseTap>();
const installed = new WeakSet<object>();

interface MutableResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const responseTapMiddleware = ((next: (args: { input: object }) => Promise<{ response: unknown }>) =>
  async (args: { input: object }) => {
    const result = await next(args);
    const tap = taps.get(args.input);
    const response = result.response as MutableResponse | undefined;
    if (tap && response && typeof response.statusCode === 'number' && response.body instanceof Readable) {
      const raw: RawResponse = {
        statusCode: response.statusCode,
        headers: response.headers ?? {},
        body: response.body,
      };
      const taken = tap(raw);
      if (taken === true) response.body = Readable.from([]);
      else if (taken instanceof Readable) response.body = taken;
    }
    return result;
  }) as unknown as AnyMiddleware;

/**
 * Adds the tap middleware to a client's stack (once; later calls do nothing). It sits in the deserialize step with
 * low priority, i.e. between the HTTP handler and the SDK's deserializer.
 */
export function installResponseTap(client: LambdaClientLike): void {
  if (installed.has(client)) return;
  installed.add(client);
  client.middlewareStack.add(responseTapMiddleware, {
    step: 'deserialize',
    priority: 'low',
    name: MIDDLEWARE_NAME,
    override: true,
  });
}

/** Registers a tap for the request built from this command input; it is forgotten with the input object. */
export function attachResponseTap(commandInput: object, tap: ResponseTap): void {
  taps.set(commandInput, tap);
}

/** Removes the tap for a command input (after the invocation, so a reused input object is not tapped again). */
export function detachResponseTap(commandInput: object): void {
  taps.delete(commandInput);
}
