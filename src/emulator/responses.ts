/**
 * Writing restJson1 responses and reading request bodies, the way Lambda's front end does: JSON bodies, the
 * `x-amzn-RequestId` header on everything, errors through `LambdaApiError`, and bodies read in full (past a size
 * limit they are drained, not stored) so a 413 reaches a client that is still sending.
 */
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

/** A request body, or how large it was when it went over the limit. */
export type BodyResult = { ok: true; body: Buffer } | { ok: false; size: number };

/** Reads the whole body, keeping at most `limit` bytes; a larger body is drained and only its size reported. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= limit) parts.push(part);
    });
    req.once('end', () => resolve(size <= limit ? { ok: true, body: Buffer.concat(parts) } : { ok: false, size }));
    req.once('error', reject);
  });
}
