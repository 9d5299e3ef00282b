/**
 * One InvokeWithResponseStream request to this user's own Local endpoint without the AWS SDK: built from the same
 * checked input, signed with the session keys the endpoint published (SigV4, service `lambda`, as the SDK signs it)
 * and sent with Node's `http`. A 2xx body goes to the engine's own decoder as with the SDK; an error response is
 * read into the fields the SDK's deserializer gives its exceptions (`name`, `message`, `$fault`, `$metadata`, the
 * modeled members), so both ways are classified alike. Timeouts and cancellation behave as the SDK client's do.
 *
 * Why: loading the SDK (its bundle, the Node built-ins it needs, its first request) is some 50 ms of every
 * `lambda-stream invoke` against Local, a quarter of the time to its first chunk (`npm run bench`:
 * cli.first_chunk_ms), and Local needs none of what the SDK adds (credential chains, endpoint rules, retries).
 * Everything else (AWS, another machine, given credentials, buffered Invoke, `decoder: 'sdk'`) stays with the SDK.
 */
import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { CONNECT_TIMEOUT_MS, INVOKE_TIMEOUT_MS, type StaticCredentials } from '../aws/client';
import { signedHeaders, uriEncode } from '../aws/sigv4';
import { abortError, type OpenCall } from './invocationCall';
import type { InvocationInput } from './request';
import type { RawResponse } from './responseTap';

/** Where and how to sign. */
export interface PlainCallTarget {
  /** The endpoint's base URL, `http:` (a path prefix is kept). */
  readonly endpoint: string;
  readonly credentials: StaticCredentials;
  readonly region: string;
}

/** The most of an error response's body that is read (Lambda's error bodies are a few hundred bytes). */
const MAX_ERROR_BODY_BYTES = 256 * 1024;

/** Starts the request at once; `output` makes the operation's output from the 2xx response, as the SDK would. */
export function startPlainInvocationCall<Output>(
  target: PlainCallTarget,
  operationPath: string,
  input: InvocationInput,
  signal: AbortSignal | undefined,
  output: (response: RawResponse) => Output,
): PlainInvocationCall<Output> {
  if (signal?.aborted) throw abortError();
  return new PlainInvocationCall(wireRequest(target, operationPath, input), signal, output);
}

/** A request as it goes on the wire. */
export interface WireRequest {
  readonly hostname: string;
  readonly port: string;
  /** The path and query exactly as sent and signed (never normalised: a function named `..` stays `..`). */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | undefined;
}

/** The request as it goes on the wire: Lambda's REST binding of the input, then signed. */
export function wireRequest(target: PlainCallTarget, operationPath: string, input: InvocationInput): WireRequest {
  const base = new URL(target.endpoint);
  const path =
    `${base.pathname.replace(/\/+$/, '')}/2021-11-15/functions/${uriEncode(input.FunctionName)}/${operationPath}` +
    (input.Qualifier === undefined ? '' : `?Qualifier=${uriEncode(input.Qualifier)}`);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  headers['x-amz-invocation-type'] = input.InvocationType;
  if (input.LogType !== undefined) headers['x-amz-log-type'] = input.LogType;
  if (input.ClientContext !== undefined) headers['x-amz-client-context'] = input.ClientContext;
  if (input.TenantId !== undefined) headers['x-amz-tenant-id'] = input.TenantId;
  const body = input.Payload;
  headers['content-length'] = String(body?.byteLength ?? 0);
  const signed = signedHeaders({ method: 'POST', host: base.host, path, headers, body }, target.credentials, {
    region: target.region,
    service: 'lambda',
  });
  return { hostname: base.hostname, port: base.port, path, headers: signed, body };
}

/** A request in flight. Always `close()` it (in a `finally`). */
export class PlainInvocationCall<Output> implements OpenCall<Output> {
  private readonly request: ClientRequest;
  private readonly headersReady: Promise<RawResponse>;
  private readonly cancelled: Promise<never>;
  private readonly onAbort = (): void => this.abortNow();
  private rejectCancelled: (error: Error) => void = () => undefined;
  private body: IncomingMessage | undefined;
  errorContentType: string | undefined;

  constructor(
    wire: WireRequest,
    private readonly signal: AbortSignal | undefined,
    private readonly makeOutput: (response: RawResponse) => Output,
  ) {
    this.cancelled = new Promise<never>((_resolve, reject) => (this.rejectCancelled = reject));
    this.cancelled.catch(() => undefined);
    // No keep-alive: a socket kept for a next request would hold a CLI's event loop open after its last byte.
    this.request = httpRequest({
      hostname: wire.hostname.replace(/^\[|\]$/g, ''),
      port: wire.port,
      path: wire.path,
      method: 'POST',
      headers: wire.headers,
      agent: false,
    });
    this.headersReady = new Promise<RawResponse>((resolve, reject) => {
      this.request.once('response', (response: IncomingMessage) => {
        this.body = response;
        const statusCode = response.statusCode ?? 0;
        const headers = flatHeaders(response);
        if (statusCode >= 300) {
          this.errorContentType = headers['content-type'];
          readErrorBody(response).then((text) => reject(serviceError(statusCode, headers, text)), reject);
          return;
        }
        resolve({ statusCode, headers, body: response });
      });
      this.request.once('error', reject);
    });
    this.headersReady.catch(() => undefined);
    this.applyTimeouts();
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.request.end(wire.body);
  }

  headers(): Promise<RawResponse> {
    return Promise.race([this.headersReady, this.cancelled]);
  }

  output(): Promise<Output> {
    return this.headers().then((response) => this.makeOutput(response));
  }

  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  close(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.body && !this.body.readableEnded) this.body.destroy(abortError());
    if (!this.request.destroyed && !this.body?.complete) this.request.destroy();
  }

  /**
   * The SDK client's three limits (src/core/aws/client.ts): connecting, the response's headers, and a socket with
   * nothing to read for as long (the only one left once the body streams). Each fails as a `TimeoutError`, the body
   * too when it is streaming, so it is classified as the SDK's would be, not as a dropped connection.
   */
  private applyTimeouts(): void {
    const fail = (message: string) => {
      const error = Object.assign(new Error(message), { name: 'TimeoutError' });
      this.body?.destroy(error);
      this.request.destroy(error);
    };
    const connecting = setTimeout(
      () => fail(`Socket timed out without establishing a connection within ${CONNECT_TIMEOUT_MS} ms`),
      CONNECT_TIMEOUT_MS,
    );
    const headers = setTimeout(
      () => fail(`Request did not complete within ${INVOKE_TIMEOUT_MS} ms`),
      INVOKE_TIMEOUT_MS,
    );
    headers.unref();
    connecting.unref();
    this.request.once('response', () => clearTimeout(headers));
    this.request.once('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connecting);
      else socket.once('connect', () => clearTimeout(connecting));
      socket.setTimeout(INVOKE_TIMEOUT_MS, () => fail(`Connection timed out after ${INVOKE_TIMEOUT_MS} ms`));
    });
    this.request.once('close', () => {
      clearTimeout(connecting);
      clearTimeout(headers);
    });
  }

  private abortNow(): void {
    const error = abortError();
    this.rejectCancelled(error);
    this.body?.destroy(error);
    this.request.destroy(error);
  }
}

/** Header names lower-case (as Node gives them), repeated values joined with `,` as the SDK's HTTP handler does. */
function flatHeaders(response: IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return flat;
}

function readErrorBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    let length = 0;
    response.on('data', (piece: Buffer) => {
      if (length >= MAX_ERROR_BODY_BYTES) return;
      pieces.push(piece);
      length += piece.byteLength;
    });
    response.once('end', () => resolve(Buffer.concat(pieces).toString('utf8')));
    response.once('error', reject);
  });
}

/**
 * The exception the SDK's REST-JSON deserializer would throw for this response: named after `x-amzn-errortype`
 * (or the body's `code` / `__type`), its message the body's `message` / `Message`, the modeled members of the body
 * kept (`Type`, `Reason`, …) and `Retry-After` as `retryAfterSeconds`. A body that is not JSON fails as the SDK's
 * does, a `SyntaxError` carrying the status, which the classifier reads with the response's content type.
 */
export function serviceError(statusCode: number, headers: Readonly<Record<string, string>>, text: string): Error {
  const $metadata = { httpStatusCode: statusCode, requestId: headers['x-amzn-requestid'], attempts: 1 };
  let body: Record<string, unknown> = {};
  if (text !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch (error) {
      return Object.assign(
        new SyntaxError(`${(error as Error).message}\n  Deserialization error: ${text.slice(0, 300)}`),
        {
          $metadata,
          $response: { statusCode, headers, body: text },
        },
      );
    }
  }
  const named = sanitizeErrorCode(
    headers['x-amzn-errortype'] ?? stringField(body, 'code') ?? stringField(body, '__type'),
  );
  const name = named ?? stringField(body, 'Code') ?? String(statusCode);
  const message = stringField(body, 'message') ?? stringField(body, 'Message') ?? 'UnknownError';
  const members: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (key !== 'message' && key !== 'Message') members[key] = value;
  const error = Object.assign(new Error(message), members, {
    $fault: statusCode >= 500 ? 'server' : 'client',
    $metadata,
    $response: { statusCode, headers },
    ...(headers['retry-after'] === undefined ? {} : { retryAfterSeconds: headers['retry-after'] }),
  });
  error.name = name;
  return error;
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `aws.protocoltests#Name:http://…` → `Name`, as the SDK reads an error type. */
function sanitizeErrorCode(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let code = raw;
  if (code.includes(',')) code = code.split(',')[0];
  if (code.includes(':')) code = code.split(':')[0];
  if (code.includes('#')) code = code.split('#')[1];
  return code.trim() || undefined;
}
