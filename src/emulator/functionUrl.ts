/**
 * Function URLs on the Local endpoint: `http://127.0.0.1:PORT/lambda-url/<session token>/<function>/<path>` turns
 * the HTTP request into Lambda's function-URL event (payload format 2.0) and answers as a function URL does. A
 * streaming handler's `HttpResponseStream` prelude becomes the status line, headers and cookies and the rest is the
 * body, flushed per write (chunked), so `curl -N` shows each write as it happens; a buffered handler's
 * `{statusCode, headers, cookies, body, isBase64Encoded}` is mapped as Lambda maps it, any other result is JSON.
 * The session token in the path keeps the URL to its owner (as the session keys do for the API); AuthType AWS_IAM
 * also requires a SigV4 signature with those keys. A function error before any byte is 502, as on Lambda.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_INTEGRATION_CONTENT_TYPE, HttpPreludeSplitter } from '../core/engine/prelude';
import { MAX_SYNC_PAYLOAD_BYTES } from '../core/rules/names';
import type { EndpointState } from './api/apiRequest';
import { takeSlots } from './api/execute';
import { functionArn } from './api/target';
import { checkSignature } from './auth';
import { InvocationLog } from './invocationLog';
import type { ReadBody } from './responses';
import { runHandler } from './runner';

/** The path prefix of function URLs. */
export const FUNCTION_URL_PREFIX = '/lambda-url/';

/** The URL of `name` on an endpoint at `baseUrl` with session token `token`. */
export function localFunctionUrl(baseUrl: string, token: string, name: string): string {
  return `${baseUrl}${FUNCTION_URL_PREFIX}${token}/${name}/`;
}

/** Content types whose body reaches the handler as text; others are base64, as Lambda does. */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i;

/** Answers one function-URL request (its body already read). Never throws. */
export async function handleFunctionUrl(
  req: IncomingMessage,
  res: ServerResponse,
  state: EndpointState,
  rawPath: string,
  rawQuery: string,
  body: ReadBody,
  scope: { region: string; accountId: string },
): Promise<void> {
  const [token = '', encodedName = '', ...rest] = rawPath.slice(FUNCTION_URL_PREFIX.length).split('/');
  if (!state.urlToken || !sameToken(token, state.urlToken)) return plain(res, 403, { Message: 'Forbidden' });
  const name = safeDecode(encodedName);
  const entry = state.registry.get(name);
  const code = entry ? state.registry.codeInfo(entry) : undefined;
  if (!entry || !code || !hasUrl(entry.settings.streaming, code.streaming))
    return plain(res, 404, { Message: `No function URL for '${name}' on this endpoint.` });
  if (entry.settings.urlAuthType === 'AWS_IAM' && state.sessionKeys) {
    try {
      checkSignature(req, rawPath, rawQuery, body.sha256, state.sessionKeys);
    } catch {
      return plain(res, 403, { Message: 'Forbidden' });
    }
  }
  if (body.body === undefined || body.size > MAX_SYNC_PAYLOAD_BYTES)
    return plain(res, 413, { Message: 'Request Entity Too Large' });
  const release = takeSlots(state, entry);
  if (!release) return plain(res, 429, { Message: 'Rate Exceeded.' });

  const requestId = randomUUID();
  const event = urlEvent(req, `/${rest.join('/')}`, rawQuery, body.body, requestId, scope.accountId, token);
  const disconnected = new AbortController();
  res.once('close', () => res.writableFinished || disconnected.abort());
  const splitter = new HttpPreludeSplitter(HTTP_INTEGRATION_CONTENT_TYPE);
  const startBody = (status: number, headers: Record<string, string>, cookies: readonly string[]) => {
    if (res.headersSent) return;
    res.writeHead(status, {
      'x-amzn-RequestId': requestId,
      ...headers,
      ...(cookies.length > 0 ? { 'Set-Cookie': [...cookies] } : {}),
    });
  };
  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve) => (res.write(bytes) ? resolve() : res.once('drain', () => resolve())));
  try {
    const outcome = await runHandler({
      entry,
      version: '$LATEST',
      invokedFunctionArn: functionArn(scope, entry.name),
      requestId,
      payload: JSON.stringify(event),
      region: scope.region,
      log: new InvocationLog(requestId, state.invocationLog),
      signals: [disconnected.signal, state.closing],
      launch: state.launchHost,
      spare: state.spareHost,
      passAwsCredentials: state.passAwsCredentials,
      onChunk: async (data) => {
        const step = splitter.push(data);
        if (step.prelude) startBody(step.prelude.statusCode ?? 200, step.prelude.headers, step.prelude.cookies);
        if (step.output && step.output.byteLength > 0) {
          startBody(200, { 'Content-Type': 'application/octet-stream' }, []);
          await write(step.output);
        }
      },
    });
    const held = splitter.finish();
    if (!outcome.ok) {
      if (res.headersSent) return void res.destroy();
      return plain(res, 502, { Message: 'Internal Server Error' });
    }
    if (outcome.body !== undefined) return sendBufferedResult(res, outcome.body, requestId);
    startBody(200, { 'Content-Type': 'application/octet-stream' }, []);
    if (held && held.byteLength > 0) await write(held);
    res.end();
  } finally {
    release();
  }
}

/** A function has a URL when its template declares one, or (folders) when it streams. */
function hasUrl(declared: boolean | undefined, detectedStreaming: boolean): boolean {
  return declared !== undefined || detectedStreaming;
}

/** Lambda's mapping of a buffered handler's result to an HTTP response. */
function sendBufferedResult(res: ServerResponse, body: Uint8Array, requestId: string): void {
  let result: unknown;
  try {
    result = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    result = undefined;
  }
  const record =
    typeof result === 'object' && result !== null && !Array.isArray(result)
      ? (result as Record<string, unknown>)
      : undefined;
  if (!record || record.statusCode === undefined) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId });
    return void res.end(Buffer.from(body));
  }
  const headers: Record<string, string> = {};
  if (typeof record.headers === 'object' && record.headers !== null) {
    for (const [key, value] of Object.entries(record.headers)) headers[key] = String(value);
  }
  const cookies = Array.isArray(record.cookies) ? record.cookies.map(String) : [];
  const text =
    typeof record.body === 'string' ? record.body : record.body === undefined ? '' : JSON.stringify(record.body);
  const bytes = record.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  res.writeHead(Number(record.statusCode) || 200, {
    'x-amzn-RequestId': requestId,
    ...headers,
    ...(cookies.length > 0 ? { 'Set-Cookie': cookies } : {}),
    'Content-Length': bytes.length,
  });
  res.end(bytes);
}

/** The function-URL event, payload format 2.0. */
function urlEvent(
  req: IncomingMessage,
  path: string,
  rawQuery: string,
  body: Buffer,
  requestId: string,
  accountId: string,
  urlId: string,
): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key === 'cookie' || key === 'authorization') continue;
    headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQuery))
    query[key] = key in query ? `${query[key]},${value}` : value;
  const text = TEXT_TYPES.test(req.headers['content-type'] ?? '') || body.length === 0;
  const now = new Date();
  const domainName = req.headers.host ?? '127.0.0.1';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: accountId,
      apiId: urlId.slice(0, 32),
      domainName,
      domainPrefix: domainName.split('.')[0],
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !text,
  };
}

function plain(res: ServerResponse, status: number, body: Record<string, string>): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': text.length });
  res.end(text);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
