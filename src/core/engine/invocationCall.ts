/**
 * One `client.send()` with the response tap attached and cancellation wired through every wait: credential
 * resolution, the connection, the response headers, the SDK's first-event wait, and the body. Shared by the
 * streaming and the buffered invocation so both report `started` at header time and cancel the same way.
 */
import { type Readable, Transform } from 'node:stream';
import { getLambdaClient, resolveClientRegion } from '../aws/client';
import type { InvokeOptions, InvokeTarget } from './events';
import type { InvocationContext } from './request';
import { attachResponseTap, detachResponseTap, installResponseTap, type RawResponse } from './responseTap';
import { type LambdaClientLike, loadLambdaSdk } from '../aws/sdk';

/** The loaded `@aws-sdk/client-lambda` module. */
export type LambdaSdk = Awaited<ReturnType<typeof loadLambdaSdk>>;

/**
 * Starts one invocation request: the given or cached client, its region noted in the context, then the call.
 * `send` builds the command from the SDK module and sends it with the abort signal it is given.
 */
export async function startInvocationCall<Output>(
  target: InvokeTarget,
  options: InvokeOptions,
  context: InvocationContext,
  input: object,
  send: (client: LambdaClientLike, sdk: LambdaSdk, abortSignal: AbortSignal) => Promise<Output>,
  takeBody: boolean,
  maxBodyBytes?: number,
): Promise<InvocationCall<Output>> {
  if (options.signal?.aborted) throw abortError();
  const client = options.client ?? (await getLambdaClient(target.connection, 'invoke'));
  context.region = (await resolveClientRegion(client)) ?? context.region;
  const sdk = await loadLambdaSdk();
  return new InvocationCall(client, input, (abortSignal) => send(client, sdk, abortSignal), {
    signal: options.signal,
    takeBody,
    maxBodyBytes,
  });
}

/**
 * Lambda's limit for a buffered (RequestResponse) response is 6 MB; past this much more, a response is not one Lambda
 * sent, and reading on would only fill memory (the SDK collects a buffered body whole).
 */
export const MAX_BUFFERED_RESPONSE_BYTES = 6 * 1024 * 1024 + 256 * 1024;

/** Thrown (and classified as `ResponseTooLarge`) when a buffered response passes {@link MAX_BUFFERED_RESPONSE_BYTES}. */
export class BufferedResponseTooLargeError extends Error {
  override readonly name = 'BufferedResponseTooLarge';
  constructor(readonly limit: number) {
    super(
      `The response is larger than ${limit} bytes, more than Lambda's 6 MB limit for a buffered Invoke, so it was not read further; invoke with streaming instead.`,
    );
  }
}

/** The body as the SDK should read it: failing with BufferedResponseTooLargeError once it passes `limit` bytes. */
function limitedBody(response: RawResponse, limit: number): Readable {
  const declared = Number(response.headers['content-length']);
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new BufferedResponseTooLargeError(limit));
      else done(null, chunk);
    },
  });
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    process.nextTick(() => limited.destroy(new BufferedResponseTooLargeError(limit)));
    return limited;
  }
  response.body.on('error', (error) => limited.destroy(error));
  return response.body.pipe(limited);
}

const TAP_BYPASSED = 'The Lambda client bypassed the response tap; pass a client built with the real SDK.';

/** Thrown when the caller's signal fires; classified as `Cancelled`. */
export function abortError(): Error {
  const error = new Error('The invocation was cancelled.');
  error.name = 'AbortError';
  return error;
}

/**
 * A request in flight as the invocation lifecycle drives it: sent through the SDK ({@link InvocationCall}) or, to
 * this user's Local endpoint, without it (`PlainInvocationCall`, plainCall.ts). Always `close()` it (in a `finally`).
 */
export interface OpenCall<Output> {
  /** The raw response once its headers arrived (2xx only); rejects with the service's error or on cancellation. */
  headers(): Promise<RawResponse>;
  /** The operation's output; rejects with its error or on cancellation. */
  output(): Promise<Output>;
  /** True when the caller's signal has fired. */
  readonly aborted: boolean;
  /** Content type of an error response (status ≥ 300), for classifying bodies that do not parse. */
  readonly errorContentType: string | undefined;
  /** Releases everything: listeners and (unless it was read to the end) the connection. */
  close(): void;
}

/** A request in flight through the SDK. Always `close()` it (in a `finally`). */
export class InvocationCall<Output> implements OpenCall<Output> {
  private readonly controller = new AbortController();
  private readonly headersReady: Promise<RawResponse>;
  private readonly sending: Promise<Output>;
  private readonly cancelled: Promise<never>;
  private readonly input: object;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => this.abortNow();
  private body: Readable | undefined;
  private settled = false;
  private rejectCancelled: (error: Error) => void = () => undefined;
  /** Content type of an error response (status ≥ 300), for classifying bodies the SDK cannot parse. */
  errorContentType: string | undefined;

  /**
   * Sends at once through `send`, which must pass `input` (the tap recognises the request by it) and the given
   * abort signal to `client.send`. `takeBody`: hand a 2xx body to the caller instead of the SDK (the direct path).
   */
  constructor(
    client: LambdaClientLike,
    input: object,
    send: (abortSignal: AbortSignal) => Promise<Output>,
    options: { signal?: AbortSignal; takeBody: boolean; maxBodyBytes?: number },
  ) {
    this.signal = options.signal;
    this.input = input;
    this.cancelled = new Promise<never>((_resolve, reject) => (this.rejectCancelled = reject));
    this.cancelled.catch(() => undefined);
    let resolveHeaders: (response: RawResponse) => void = () => undefined;
    this.headersReady = new Promise<RawResponse>((resolve) => (resolveHeaders = resolve));
    installResponseTap(client);
    attachResponseTap(this.input, (response) => {
      if (response.statusCode >= 300) {
        this.errorContentType = response.headers['content-type'];
        return false;
      }
      this.body = response.body;
      resolveHeaders(response);
      if (options.takeBody || options.maxBodyBytes === undefined) return options.takeBody;
      return limitedBody(response, options.maxBodyBytes);
    });
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.sending = send(this.controller.signal);
    this.sending.then(
      () => (this.settled = true),
      () => (this.settled = true),
    );
    if (this.signal?.aborted) this.abortNow();
  }

  /** The raw response once its headers arrived (2xx only); rejects with the SDK's error or on cancellation. */
  headers(): Promise<RawResponse> {
    const afterSend = this.sending.then(() =>
      this.body ? this.headersReady : Promise.reject(new Error(TAP_BYPASSED)),
    );
    return Promise.race([this.headersReady, afterSend, this.cancelled]);
  }

  /** The SDK's output; rejects with its error or on cancellation. */
  output(): Promise<Output> {
    return Promise.race([this.sending, this.cancelled]);
  }

  /** True when the caller's signal has fired. */
  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /** Releases everything: the tap, the abort listener, and (unless it was read to the end) the connection. */
  close(): void {
    detachResponseTap(this.input);
    this.signal?.removeEventListener('abort', this.onAbort);
    const unread = this.body !== undefined && !this.body.readableEnded;
    if (unread) this.body?.destroy();
    if (unread || !this.settled) this.controller.abort();
  }

  private abortNow(): void {
    const error = abortError();
    this.rejectCancelled(error);
    this.body?.destroy(error);
    this.controller.abort();
  }
}
