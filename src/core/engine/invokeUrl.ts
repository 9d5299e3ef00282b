/**
 * Calling a function URL (`https://<id>.lambda-url.<region>.on.aws/`, or a Local endpoint's `/lambda-url/…`) and
 * reading its answer as it arrives, as the same events InvokeWithResponseStream yields: `started` at the headers, the
 * status line and headers as `httpPrelude`, each body piece as a `chunk` (chunked transfer and `text/event-stream`
 * arrive as they are written), then `complete` with the figures. A non-2xx status keeps its body and is reported in
 * `complete` (`errorCode: FunctionUrl.<status>`) with one sentence saying what it usually means. SigV4 (service
 * `lambda`) is applied when the URL's AuthType is AWS_IAM; callers say whether to sign and with what.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { INVOKE_TIMEOUT_MS, type StaticCredentials } from '../aws/client';
import { signedHeaders } from '../aws/sigv4';
import { FUNCTION_URL_ERROR_PREFIX, toLambdaStreamError, UNSIGNED_NOTE } from '../errors/classify';
import type { ErrorContext } from '../errors/types';
import type { InvokeEvent } from './events';
import { abortError } from './invocationCall';
import { MetricsRecorder } from './metrics';
import { OutputAssembler } from './output';

/** One request to a function URL. */
export interface FunctionUrlRequest {
  /** The function URL (its path is the prefix; `path` is appended). */
  readonly url: string;
  readonly method?: string;
  /** Path and query after the URL, e.g. `/items/7?full=1`. */
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Sign with these (AuthType AWS_IAM); unsigned when absent (AuthType NONE). */
  readonly credentials?: StaticCredentials;
  /** The region to sign for; from the URL's host when absent (`…lambda-url.<region>.on.aws`), else us-east-1. */
  readonly region?: string;
  /** What a failure's sentence may name (the function, its connection). */
  readonly context?: ErrorContext;
}

/** Options of a call. */
export interface FunctionUrlOptions {
  readonly signal?: AbortSignal;
  /** Decode UTF-8 text for `chunk.text` (default true). */
  readonly decodeText?: boolean;
}

/** Headers about this connection, not the response: not shown with the function's headers. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

/** Calls the URL and yields its events; a network failure or cancellation throws. */
export async function* invokeFunctionUrl(
  request: FunctionUrlRequest,
  options: FunctionUrlOptions = {},
): AsyncGenerator<InvokeEvent, void, undefined> {
  const metrics = new MetricsRecorder();
  const context: ErrorContext = { ...request.context, endpoint: request.url };
  let phase: 'request' | 'stream' = 'request';
  try {
    yield* exchange(request, options, metrics, () => (phase = 'stream'));
  } catch (error) {
    metrics.markEnd();
    const cause = options.signal?.aborted ? abortError() : error;
    throw toLambdaStreamError(cause, { ...context, phase }, metrics.snapshot());
  }
}

async function* exchange(
  request: FunctionUrlRequest,
  options: FunctionUrlOptions,
  metrics: MetricsRecorder,
  streaming: () => void,
): AsyncGenerator<InvokeEvent, void, undefined> {
  const target = resolveUrl(request.url, request.path);
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : (request.body ?? undefined);
  const method = (request.method ?? (body ? 'POST' : 'GET')).toUpperCase();
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';
  const wire = request.credentials
    ? signedHeaders(
        { method, host: target.host, path: target.pathname + target.search, headers, body },
        request.credentials,
        { region: request.region ?? regionOf(target) ?? 'us-east-1', service: 'lambda' },
      )
    : headers;
  const response = await send(target, method, wire, body, options.signal);
  streaming();
  const statusCode = response.statusCode ?? 0;
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined || name === 'set-cookie' || HOP_BY_HOP.has(name)) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const cookies = response.headers['set-cookie'] ?? [];
  yield {
    type: 'started',
    statusCode,
    requestId: flat['x-amzn-requestid'],
    contentType: flat['content-type'],
    atMs: metrics.markHeaders(),
  };
  yield {
    type: 'httpPrelude',
    statusCode,
    headers: flat,
    cookies,
    raw: `HTTP/${response.httpVersion} ${statusCode} ${response.statusMessage ?? ''}`.trim(),
  };
  const output = new OutputAssembler(flat['content-type'], options.decodeText !== false, metrics, false);
  const abort = () => response.destroy(abortError());
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    for await (const piece of response as AsyncIterable<Buffer>) {
      const chunk = output.accept(piece);
      if (chunk) yield chunk;
    }
    yield* output.finish();
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  metrics.markEnd();
  const failed = statusCode < 200 || statusCode >= 300;
  yield {
    type: 'complete',
    ...(failed
      ? {
          errorCode: `${FUNCTION_URL_ERROR_PREFIX}${statusCode}`,
          errorDetails:
            `HTTP ${statusCode} ${response.statusMessage ?? ''}`.trim() + (request.credentials ? '' : UNSIGNED_NOTE),
        }
      : {}),
    binary: output.binary,
    metrics: metrics.snapshot(),
  };
}

/** The URL with `path` (and its query) appended to the function URL's own path. */
export function resolveUrl(url: string, path: string | undefined): URL {
  const base = new URL(url);
  if (!path) return base;
  const [pathPart, query] = path.split('?', 2);
  base.pathname = `${base.pathname.replace(/\/$/, '')}/${pathPart.replace(/^\//, '')}`;
  if (query !== undefined) base.search = `?${query}`;
  return base;
}

/** `us-east-1` from `abc.lambda-url.us-east-1.on.aws`. */
function regionOf(url: URL): string | undefined {
  return /\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(url.hostname)?.[1];
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  if (signal?.aborted) return Promise.reject(abortError());
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, signal, timeout: INVOKE_TIMEOUT_MS }, resolve);
    req.on('timeout', () =>
      req.destroy(new Error(`The function URL did not answer within ${INVOKE_TIMEOUT_MS / 60_000} minutes.`)),
    );
    req.on('error', (error) => reject(signal?.aborted ? abortError() : error));
    req.end(body);
  });
}
