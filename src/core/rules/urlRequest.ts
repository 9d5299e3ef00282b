/**
 * What a payload means when it is sent to a function URL. A JSON object whose keys are only `method`, `path`,
 * `query`, `headers`, `body` and `isBase64Encoded`, with a `method` or a `path`, is a request shape: those parts
 * make the HTTP request. Any other payload is the body of a POST (`application/json`); an empty one is a GET of the
 * URL itself. Problems are one sentence each, saying which part is wrong and what it must be.
 */

/** The HTTP request a payload asks for. */
export interface UrlRequestParts {
  readonly method: string;
  /** Path after the function URL, with its query after `?` when there is one (`/items/7?full=1`); may be empty. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** True when the payload was a request shape (not a plain body). */
  readonly shaped: boolean;
}

/** The result of reading a payload as a function-URL request. */
export type UrlRequestResult =
  { readonly ok: true; readonly request: UrlRequestParts } | { readonly ok: false; readonly problem: string };

const SHAPE_KEYS = new Set(['method', 'path', 'query', 'headers', 'body', 'isBase64Encoded']);
/** RFC 9110 method token. */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 9110 field name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers Node sets from the body and the connection; a payload cannot choose them. */
const MANAGED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'host']);

/**
 * Reads a checked payload (its JSON `value`, undefined when empty, and its bytes) as a function-URL request.
 * `value` must come from the payload parser, so the text is known to be JSON.
 */
export function urlRequestFromPayload(value: unknown, bytes: Uint8Array, empty: boolean): UrlRequestResult {
  if (empty) return { ok: true, request: { method: 'GET', path: '', headers: {}, shaped: false } };
  if (!isRequestShape(value))
    return {
      ok: true,
      request: {
        method: 'POST',
        path: '',
        headers: { 'content-type': 'application/json' },
        body: bytes,
        shaped: false,
      },
    };
  const shape = value as Record<string, unknown>;
  const method = shape.method ?? (shape.body === undefined ? 'GET' : 'POST');
  if (typeof method !== 'string' || !METHOD.test(method))
    return { ok: false, problem: '"method" must be an HTTP method such as "GET" or "POST".' };
  const path = shape.path ?? '';
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/')) || /[\s#]/.test(path))
    return { ok: false, problem: '"path" must be a string starting with "/", without spaces or "#", e.g. "/items/7".' };
  const query = queryText(shape.query);
  if (query === undefined)
    return { ok: false, problem: '"query" must be a string ("a=1&b=2") or an object of strings ({"a": "1"}).' };
  const headers: Record<string, string> = {};
  if (shape.headers !== undefined) {
    if (typeof shape.headers !== 'object' || shape.headers === null || Array.isArray(shape.headers))
      return { ok: false, problem: '"headers" must be an object of header names to string values.' };
    for (const [name, headerValue] of Object.entries(shape.headers)) {
      if (!HEADER_NAME.test(name)) return { ok: false, problem: `"${name}" is not a valid header name.` };
      if (typeof headerValue !== 'string' || /[\r\n\0]/.test(headerValue))
        return { ok: false, problem: `The header "${name}" must be a string on one line.` };
      if (MANAGED_HEADERS.has(name.toLowerCase()))
        return { ok: false, problem: `The header "${name}" is set from the request itself; remove it.` };
      headers[name.toLowerCase()] = headerValue;
    }
  }
  const body = bodyBytes(shape.body, shape.isBase64Encoded === true);
  if (typeof body === 'string') return { ok: false, problem: body };
  if (body && typeof shape.body !== 'string' && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  const fullPath = query ? `${path.split('?')[0]}?${query}` : path;
  return { ok: true, request: { method: method.toUpperCase(), path: fullPath, headers, body, shaped: true } };
}

/** A request shape: an object with only the shape's keys and a `method` or `path`. */
function isRequestShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.every((key) => SHAPE_KEYS.has(key)) && (keys.includes('method') || keys.includes('path'));
}

function queryText(query: unknown): string | undefined {
  if (query === undefined) return '';
  if (typeof query === 'string') return query.replace(/^\?/, '');
  if (typeof query !== 'object' || query === null || Array.isArray(query)) return undefined;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (typeof item !== 'string') return undefined;
      params.append(name, item);
    }
  }
  return params.toString();
}

/** The body's bytes, undefined for none, or a problem sentence. */
function bodyBytes(body: unknown, base64: boolean): Uint8Array | undefined | string {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    if (!base64) return Buffer.from(body, 'utf8');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.replace(/\s/g, '')))
      return '"body" is marked isBase64Encoded but is not base64 text.';
    return Buffer.from(body, 'base64');
  }
  if (base64) return '"isBase64Encoded" needs "body" to be a base64 string.';
  return Buffer.from(JSON.stringify(body), 'utf8');
}
