/**
 * Only the endpoint's owner gets in: every request must carry a SigV4 signature made with the session keys the
 * endpoint created at start (see core/aws/localKeys.ts), which the SDK produces when given those keys. The answers
 * are AWS's: no signature is 403 MissingAuthenticationTokenException, other keys 403 UnrecognizedClientException,
 * a wrong secret, a stale date or a body that is not the one signed 403 InvalidSignatureException.
 */
import type { IncomingMessage } from 'node:http';
import { canonicalRequest, parseAuthorization, signaturesMatch, signCanonical } from '../core/aws/sigv4';
import { LambdaApiError } from './apiError';

/** The keys requests must be signed with. */
export interface SessionKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** How far a request's date may be from the endpoint's clock, as AWS allows. */
const MAX_SKEW_MS = 15 * 60_000;

/** Throws the error AWS would answer unless `req` is signed with `keys`; `bodySha256` is the hex hash of its body. */
export function checkSignature(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  bodySha256: string,
  keys: SessionKeys,
  now = Date.now(),
): void {
  const header = req.headers.authorization;
  if (header === undefined) {
    throw new LambdaApiError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token', 'message');
  }
  const parsed = parseAuthorization(header);
  if (!parsed) {
    throw new LambdaApiError(
      403,
      'IncompleteSignatureException',
      'The Authorization header is not a complete AWS4-HMAC-SHA256 signature (Credential, SignedHeaders, Signature).',
      'message',
    );
  }
  if (parsed.accessKeyId !== keys.accessKeyId || req.headers['x-amz-security-token'] !== undefined) {
    throw new LambdaApiError(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      'message',
    );
  }
  const amzDate = single(req.headers['x-amz-date']);
  if (!parsed.signedHeaders.includes('host') || !amzDate || !parsed.signedHeaders.includes('x-amz-date')) {
    throw invalidSignature('The request must sign the host and x-amz-date headers.');
  }
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined || amzDate.slice(0, 8) !== parsed.date) {
    throw invalidSignature(`The x-amz-date header '${amzDate}' is not a date of the credential scope.`);
  }
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    const floor = formatAmzDate(now - MAX_SKEW_MS);
    throw invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${floor} (${formatAmzDate(now)} - 15 min.)`,
    );
  }
  const claimed = single(req.headers['x-amz-content-sha256']);
  if (claimed !== undefined && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== bodySha256) {
    throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const canonical = canonicalRequest(
    {
      method: req.method ?? 'GET',
      path: rawPath,
      query: rawQuery,
      headers: req.headers,
      payloadHash: claimed ?? bodySha256,
    },
    parsed.signedHeaders,
  );
  const expected = signCanonical(canonical, keys.secretAccessKey, amzDate, parsed);
  if (!signaturesMatch(expected, parsed.signature)) {
    throw invalidSignature(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
}

function invalidSignature(message: string): LambdaApiError {
  return new LambdaApiError(403, 'InvalidSignatureException', message, 'message');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `20261203T075149Z` → epoch ms. */
function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
