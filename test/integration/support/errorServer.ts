/**
 * A tiny Lambda look-alike for the error tests: every request is answered with the error it was told to send (status,
 * `x-amzn-ErrorType`, JSON body), the way AWS sends it, so the real SDK turns it into the real exception. Used as a
 * custom endpoint (`lambdaStream.customEndpoints`), it exercises every mapping from exception to notification.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionTarget } from '../../../src/extension/targets';

/** The error the next requests get. */
export interface ErrorReply {
  readonly status: number;
  readonly name: string;
  readonly message?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Record<string, string>;
}

export interface ErrorServer {
  readonly url: string;
  /** Sets the error every following request is answered with. */
  reply(error: ErrorReply): void;
  /** How many requests arrived. */
  readonly requests: number;
  close(): Promise<void>;
}

/** The custom endpoint's name in the settings. */
export const ERROR_ENDPOINT = 'error-server';

/** A target on the error server. */
export function onErrorServer(functionName = 'my-fn'): FunctionTarget {
  return { connection: { kind: 'custom', name: ERROR_ENDPOINT }, functionName };
}

export async function startErrorServer(): Promise<ErrorServer> {
  let current: ErrorReply = { status: 500, name: 'ServiceException' };
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => {
      const message = current.message ?? `the ${current.name} text`;
      const body = JSON.stringify({
        Type: current.status >= 500 ? 'Service' : 'User',
        message,
        Message: message,
        ...current.body,
      });
      response.writeHead(current.status, {
        'content-type': 'application/json',
        'x-amzn-errortype': `${current.name}:http://internal.amazon.com/coral/com.amazonaws.awslambda/`,
        'x-amzn-requestid': `req-${requests}`,
        'content-length': Buffer.byteLength(body),
        ...current.headers,
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reply: (error) => (current = error),
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
