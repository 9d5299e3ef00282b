/**
 * A Lambda look-alike that echoes the caller's credentials back, the way AWS's own errors sometimes do
 * (InvalidSignatureException quotes the canonical request, `x-amz-security-token` included) and worse: every answer
 * that can carry text carries the `Authorization` header or the session token it received. The secrets test sends its
 * traffic here (as a custom endpoint, and as the AWS endpoint through `AWS_ENDPOINT_URL_LAMBDA`) and then searches
 * everything the extension wrote for them. Which answer a request gets depends on the function name it asks for
 * (see {@link LEAKY_FUNCTIONS}); every request is recorded, so the test can prove the fake credentials signed them.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** The function names the server knows, by how it answers an InvokeWithResponseStream for them. */
export const LEAKY_FUNCTIONS = {
  /** 403 InvalidSignatureException quoting the canonical request, the string to sign and the Authorization header. */
  signature: 'leak-signature',
  /** 403 UnrecognizedClientException naming the session token it did not recognise. */
  token: 'leak-token',
  /** A stream whose InvokeComplete reports a function error whose ErrorDetails and log tail echo the credentials. */
  completeDetails: 'leak-complete',
  /** A stream that breaks off with an exception frame whose message echoes the Authorization header. */
  exceptionFrame: 'leak-exception',
  /** A successful stream (with a log tail). */
  success: 'fine',
} as const;

/** The first output chunk of every stream the server sends. */
export const SUCCESS_OUTPUT = 'hello from the leaky server\n';

/** One request as it arrived. */
export interface LeakyRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly securityToken: string;
}

export interface LeakyAwsServer {
  readonly url: string;
  readonly requests: readonly LeakyRequest[];
  close(): Promise<void>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const text = (value: string) => ({ type: 'string' as const, value });
const frame = (headers: MessageHeaders, body: string) => codec.encode({ headers, body: Buffer.from(body, 'utf8') });
const event = (type: string, contentType: string, body: string) =>
  frame({ ':event-type': text(type), ':content-type': text(contentType), ':message-type': text('event') }, body);

export async function startLeakyAwsServer(): Promise<LeakyAwsServer> {
  const requests: LeakyRequest[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const recorded: LeakyRequest = {
        method: request.method ?? '',
        path: (request.url ?? '').split('?')[0],
        authorization: String(request.headers.authorization ?? ''),
        securityToken: String(request.headers['x-amz-security-token'] ?? ''),
      };
      requests.push(recorded);
      answer(recorded, request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(recorded: LeakyRequest, request: http.IncomingMessage, response: http.ServerResponse): void {
  const invoke = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/.exec(recorded.path);
  if (!invoke) {
    // ListFunctions, ListAliases, ListVersionsByFunction, GetFunctionUrlConfig: an unrecognised token, echoed.
    const message = recorded.path.endsWith('/url')
      ? invalidSignatureMessage(recorded, request)
      : `The security token included in the request is invalid: '${recorded.securityToken}' (signed with ${recorded.authorization}).`;
    return sendError(
      response,
      403,
      recorded.path.endsWith('/url') ? 'InvalidSignatureException' : 'UnrecognizedClientException',
      message,
    );
  }
  switch (decodeURIComponent(invoke[1])) {
    case LEAKY_FUNCTIONS.signature:
      return sendError(response, 403, 'InvalidSignatureException', invalidSignatureMessage(recorded, request));
    case LEAKY_FUNCTIONS.token:
      return sendError(
        response,
        403,
        'UnrecognizedClientException',
        `The security token included in the request is invalid: ${recorded.securityToken}`,
      );
    case LEAKY_FUNCTIONS.completeDetails:
      return sendStream(response, [
        event('PayloadChunk', 'application/octet-stream', SUCCESS_OUTPUT),
        event(
          'InvokeComplete',
          'application/json',
          JSON.stringify({
            ErrorCode: 'Runtime.ExitError',
            ErrorDetails: `Request rejected by the authorizer. Authorization: ${recorded.authorization}\nx-amz-security-token: ${recorded.securityToken}`,
            LogResult: Buffer.from(
              `START RequestId: leaky-1\nERROR\tRejected a caller with token ${recorded.securityToken}\nERROR\tAuthorization: ${recorded.authorization}\nEND RequestId: leaky-1\n`,
            ).toString('base64'),
          }),
        ),
      ]);
    case LEAKY_FUNCTIONS.exceptionFrame:
      return sendStream(response, [
        event('PayloadChunk', 'application/octet-stream', SUCCESS_OUTPUT),
        frame(
          {
            ':exception-type': text('ServiceException'),
            ':content-type': text('application/json'),
            ':message-type': text('exception'),
          },
          JSON.stringify({
            Type: 'Service',
            message: `Stream aborted for Authorization: ${recorded.authorization} (token ${recorded.securityToken})`,
          }),
        ),
      ]);
    case LEAKY_FUNCTIONS.success:
      return sendStream(response, [
        event('PayloadChunk', 'application/octet-stream', SUCCESS_OUTPUT),
        event('PayloadChunk', 'application/octet-stream', 'and nothing else\n'),
        event(
          'InvokeComplete',
          'application/json',
          JSON.stringify({
            LogResult: Buffer.from('START RequestId: leaky-2\nEND RequestId: leaky-2\n').toString('base64'),
          }),
        ),
      ]);
    default:
      return sendError(response, 404, 'ResourceNotFoundException', `Function not found: ${invoke[1]}`);
  }
}

/** What Lambda says when the signature does not match: the canonical request and string to sign it expected. */
function invalidSignatureMessage(recorded: LeakyRequest, request: http.IncomingMessage): string {
  const date = String(request.headers['x-amz-date'] ?? '');
  const canonical = [
    recorded.method,
    recorded.path,
    '',
    `host:${request.headers.host}`,
    `x-amz-date:${date}`,
    `x-amz-security-token:${recorded.securityToken}`,
    '',
    'host;x-amz-date;x-amz-security-token',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ].join('\n');
  return (
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
    `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
    `The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${date}\n${date.slice(0, 8)}/us-east-1/lambda/aws4_request\n0123abcd'\n` +
    `Authorization: ${recorded.authorization}\n`
  );
}

function sendError(response: http.ServerResponse, status: number, name: string, message: string): void {
  const body = JSON.stringify({ Type: 'User', message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.awslambda/`,
    'x-amzn-requestid': `leaky-${Date.now()}`,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function sendStream(response: http.ServerResponse, frames: Uint8Array[]): void {
  response.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': `leaky-${Date.now()}`,
    'x-amz-executed-version': '$LATEST',
  });
  response.end(Buffer.concat(frames));
}
