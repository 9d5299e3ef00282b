/**
 * The physical limit: a plain Node HTTP read of the response body, nothing decoded. Same request shape as the
 * SDK's (a POST to the streaming path over a keep-alive connection), so the only difference from the other
 * contenders is what happens to the bytes after Node's HTTP parser.
 */
import * as http from 'node:http';
import { monotonicMs, type Tally } from './measure';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Called for each body buffer with the time it arrived. */
export type OnBody = (buffer: Buffer, atMs: number) => void;

/** POSTs to the function's streaming path; resolves when the response headers arrived. */
export function requestStream(url: string, functionName: string): Promise<http.IncomingMessage> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        hostname,
        port,
        method: 'POST',
        path: `/2021-11-15/functions/${encodeURIComponent(functionName)}/response-streaming-invocations`,
        headers: { 'content-type': 'application/octet-stream', 'content-length': 0 },
      },
      resolve,
    );
    request.on('error', reject);
    request.end();
  });
}

/** Reads the whole body of a response, calling `onBody` for each buffer. */
export function readBody(response: http.IncomingMessage, onBody?: OnBody): Promise<Tally> {
  const tally: Tally = { bytes: 0, chunks: 0 };
  return new Promise((resolve, reject) => {
    response.on('data', (buffer: Buffer) => {
      tally.bytes += buffer.byteLength;
      tally.chunks++;
      onBody?.(buffer, monotonicMs());
    });
    response.on('end', () => resolve(tally));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('the response was aborted')));
  });
}

/** Reads one stream to the end without decoding. */
export async function rawRead(url: string, functionName: string): Promise<Tally> {
  const response = await requestStream(url, functionName);
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode} for ${functionName}`);
  return readBody(response);
}
