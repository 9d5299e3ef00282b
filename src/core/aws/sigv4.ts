/**
 * AWS Signature Version 4, the parts both sides need: the canonical request, the string to sign and the signature,
 * as https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html defines them. The
 * Local endpoint checks every request with it (only whoever holds the session keys gets in); the known-answer test
 * pins it to AWS's published example. Paths are canonicalised as every service but S3 does: each segment of the path
 * as sent is URI-encoded once more.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The parts of an HTTP request a signature covers. */
export interface SignableRequest {
  readonly method: string;
  /** The path as sent on the wire (already percent-encoded once), without the query. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`). */
  readonly payloadHash: string;
}

/** What an `Authorization: AWS4-HMAC-SHA256 …` header says. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** `20261203` */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 +Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request *, *SignedHeaders=([a-z0-9;._-]+) *, *Signature=([0-9a-f]{64})$/;

/** Reads an Authorization header; undefined when it is not a well-formed SigV4 one. */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  const match = value ? AUTHORIZATION.exec(value.trim()) : null;
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** RFC 3986 percent-encoding, as SigV4 wants it (`encodeURIComponent` leaves `!'()*` alone). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The canonical request for `signedHeaders` (lower-case names). */
export function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): string {
  const path = request.path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
  const query = request.query
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [uriEncode(decodeQueryPart(key)), uriEncode(decodeQueryPart(value))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const headers = signedHeaders.map((name) => `${name}:${headerValue(request.headers[name])}\n`).join('');
  return [request.method.toUpperCase(), path || '/', query, headers, signedHeaders.join(';'), request.payloadHash].join(
    '\n',
  );
}

/** The hex signature of a canonical request with the secret, for `amzDate` (`20261203T075149Z`) and the scope. */
export function signCanonical(
  canonical: string,
  secretAccessKey: string,
  amzDate: string,
  scope: { date: string; region: string; service: string },
): string {
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, scope.date);
  key = hmac(key, scope.region);
  key = hmac(key, scope.service);
  key = hmac(key, 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
}

/** Compares two hex signatures in constant time. */
export function signaturesMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Trimmed, inner runs of spaces collapsed, several values joined with commas. */
function headerValue(value: string | readonly string[] | undefined): string {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return values.map((item) => item.trim().replace(/\s+/g, ' ')).join(',');
}

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A request to sign: what goes on the wire. */
export interface RequestToSign {
  readonly method: string;
  /** `host[:port]`, unless the headers name a `host`. */
  readonly host: string;
  /** The path as sent on the wire, with its raw query after `?` if any. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/**
 * The headers that sign `request` (SigV4, header form): `host`, `x-amz-date`, `x-amz-content-sha256`, a session
 * token when the credentials have one, and `authorization` over all of the request's headers.
 */
export function signedHeaders(
  request: RequestToSign,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string },
  scope: { readonly region: string; readonly service: string },
  now: Date = new Date(),
): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const payloadHash = sha256Hex(request.body ?? '');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers.host ??= request.host;
  headers['x-amz-date'] = amzDate;
  headers['x-amz-content-sha256'] = payloadHash;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = canonicalRequest(
    {
      method: request.method,
      path: request.path.split('?')[0],
      query: request.path.includes('?') ? request.path.slice(request.path.indexOf('?') + 1) : '',
      headers,
      payloadHash,
    },
    names,
  );
  const signature = signCanonical(canonical, credentials.secretAccessKey, amzDate, { date, ...scope });
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${date}/${scope.region}/${scope.service}/aws4_request, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
