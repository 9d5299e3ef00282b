/**
 * Writing restJson1 responses and reading request bodies, the way Lambda's front end does: JSON bodies, the
 * `x-amzn-RequestId` header on everything, errors through `LambdaApiError`, and bodies read in full (past a size
 * limit they are drained, not stored) so a 413 reaches a client that is still sending.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LambdaApiError } from './apiError';

/** Sends a JSON body with status 200 (or the one given). */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': text.length });
  res.end(text);
}

/** Sends an empty response, e.g. 202 for Event or 204 for DryRun. */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

/** Sends a service error with its status, `x-amzn-ErrorType` and JSON body. */
export function sendError(res: ServerResponse, error: LambdaApiError): void {
  const text = Buffer.from(JSON.stringify(error.body()));
  res.writeHead(error.status, {
    ...error.extraHeaders,
    'Content-Type': 'application/json',
    'Content-Length': text.length,
    'x-amzn-ErrorType': error.errorType,
  });
  res.end(text);
}

/** A request body as read once by the server: its bytes up to the limit, its full size and the SHA-256 of all of it. */
export interface ReadBody {
  /** Undefined when the body was larger than the limit (it was drained, not stored). */
  readonly body: Buffer | undefined;
  readonly size: number;
  /** Hex SHA-256 of every byte received, for the signature check. */
  readonly sha256: string;
}

/** Reads the whole body, keeping at most `limit` bytes; a larger body is drained, only its size and hash kept. */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      hash.update(part);
      if (size <= limit) parts.push(part);
    });
    req.once('end', () =>
      resolve({ body: size <= limit ? Buffer.concat(parts) : undefined, size, sha256: hash.digest('hex') }),
    );
    req.once('error', reject);
  });
}
