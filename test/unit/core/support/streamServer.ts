/**
 * A small HTTP server on 127.0.0.1 that answers Lambda requests with crafted responses: event streams built with
 * `@smithy/eventstream-codec`, written in any split, broken on purpose, or error responses. Every request is
 * recorded, so a test can assert that exactly one was sent. `gate()` lets a test hold the response until it has
 * seen an event (ordering assertions without timing thresholds).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const text = (value: string) => ({ type: 'string' as const, value });

/** Event-stream frames as Lambda sends them. */
export const frames = {
  chunk(payload: string | Uint8Array): Uint8Array {
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    return encode(
      {
        ':event-type': text('PayloadChunk'),
        ':content-type': text('application/octet-stream'),
        ':message-type': text('event'),
      },
      body,
    );
  },
  complete(fields: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } = {}): Uint8Array {
    const body = Buffer.from(JSON.stringify(fields), 'utf8');
    return encode(
      {
        ':event-type': text('InvokeComplete'),
        ':content-type': text('application/json'),
        ':message-type': text('event'),
      },
      body,
    );
  },
  exception(type: string, body: string): Uint8Array {
    return encode(
      { ':exception-type': text(type), ':content-type': text('application/json'), ':message-type': text('exception') },
      Buffer.from(body),
    );
  },
  error(code: string, message: string): Uint8Array {
    return encode(
      { ':error-code': text(code), ':error-message': text(message), ':message-type': text('error') },
      new Uint8Array(0),
    );
  },
  unknownEvent(): Uint8Array {
    return encode(
      {
        ':event-type': text('SomethingNew'),
        ':content-type': text('application/json'),
        ':message-type': text('event'),
      },
      Buffer.from('{}'),
    );
  },
  /** A copy of the frame with one payload byte flipped, so its message CRC no longer matches. */
  corrupt(frame: Uint8Array): Uint8Array {
    const copy = Buffer.from(frame);
    copy[copy.length - 5] ^= 0xff;
    return copy;
  },
};

function encode(headers: MessageHeaders, body: Uint8Array): Uint8Array {
  return codec.encode({ headers, body });
}

/** A recorded request. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Handles one request; the body has been read already. */
export type Handler = (
  request: RecordedRequest,
  response: http.ServerResponse,
  socket: import('node:net').Socket,
) => void | Promise<void>;

/** The running server. */
export interface StreamServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Sets the handler for the next requests. */
  handle(handler: Handler): void;
  /** Resolves when the server has received a request (the n-th, counting from 1). */
  received(count?: number): Promise<RecordedRequest>;
  /** Resolves when a response's connection was closed by the client. */
  clientClosed(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server on an ephemeral loopback port. */
export async function startStreamServer(): Promise<StreamServer> {
  const requests: RecordedRequest[] = [];
  let handler: Handler = (_request, response) => {
    response.end();
  };
  const waiters: { count: number; resolve: (request: RecordedRequest) => void }[] = [];
  const closeWaiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts),
      };
      requests.push(recorded);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
      res.on('close', () => {
        if (!res.writableFinished) closeWaiters.splice(0).forEach((resolve) => resolve());
      });
      Promise.resolve(handler(recorded, res, req.socket)).catch((error: unknown) => res.destroy(error as Error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (next) => (handler = next),
    received: (count = 1) =>
      requests.length >= count
        ? Promise.resolve(requests[count - 1])
        : new Promise((resolve) => waiters.push({ count, resolve })),
    clientClosed: () => new Promise<void>((resolve) => closeWaiters.push(resolve)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Headers of a streaming 200 response. */
export function streamHeaders(extra: http.OutgoingHttpHeaders = {}): http.OutgoingHttpHeaders {
  return {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': 'req-1',
    'x-amz-executed-version': '$LATEST',
    ...extra,
  };
}

/** A promise with its resolve function, for gating a handler on a test's observation. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Writes bytes one at a time, yielding to the event loop between writes so they leave as separate TCP segments. */
export async function writeBytewise(response: http.ServerResponse, bytes: Uint8Array): Promise<void> {
  response.socket?.setNoDelay(true);
  for (let i = 0; i < bytes.length; i++) {
    response.write(bytes.subarray(i, i + 1));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** An error response as Lambda sends it. */
export function errorResponse(
  status: number,
  errorType: string | undefined,
  body: string,
  extra: http.OutgoingHttpHeaders = {},
): Handler {
  return (_request, response) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-requestid': 'req-err',
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      ...extra,
    });
    response.end(body);
  };
}
