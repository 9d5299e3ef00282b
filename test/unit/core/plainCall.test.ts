/**
 * The plain signed request the engine sends to this user's Local endpoint instead of the SDK's (src/core/engine/plainCall.ts):
 * Lambda's REST binding of the input, a signature the endpoint accepts, and, for every kind of error response, the
 * same classified error as the SDK's request gets from the same bytes (a stand-in server answers both).
 */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLambdaClient, disposeLambdaClients, localSigning } from '../../../src/core/aws/client';
import type { EndpointConnection } from '../../../src/core/aws/connection';
import { newSessionKeys, removeLocalKeys, writeLocalKeys } from '../../../src/core/aws/localKeys';
import { sha256Hex } from '../../../src/core/aws/sigv4';
import { LambdaStreamError } from '../../../src/core/errors/classify';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { wireRequest } from '../../../src/core/engine/plainCall';
import { checkSignature } from '../../../src/emulator/auth';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A canned answer: status, headers, body. */
type Answer = [number, Record<string, string>, string];

describe('core/engine/plainCall', function () {
  this.timeout(20_000);
  const keys = newSessionKeys();
  let server: Server;
  let connection: EndpointConnection;
  let port = 0;
  let answer: Answer = [404, {}, ''];
  const seen: Seen[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const pieces: Buffer[] = [];
      req.on('data', (piece: Buffer) => pieces.push(piece));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(pieces) });
        const [status, headers, body] = answer;
        res.writeHead(status, { 'x-amzn-RequestId': 'req-1234', ...headers });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    writeLocalKeys(port, { ...keys, url: `http://127.0.0.1:${port}`, pid: process.pid });
    connection = { kind: 'endpoint', endpoint: `http://127.0.0.1:${port}` };
  });
  after(async () => {
    removeLocalKeys(port, keys.accessKeyId);
    await disposeLambdaClients();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  it('is used only for a loopback http endpoint that published keys, with no credentials given', () => {
    assert.equal(localSigning(connection)?.credentials.accessKeyId, keys.accessKeyId);
    assert.equal(localSigning(connection)?.region, 'us-east-1');
    assert.equal(localSigning({ ...connection, region: 'eu-west-3' })?.region, 'eu-west-3');
    assert.equal(localSigning({ kind: 'aws' }), undefined);
    assert.equal(localSigning({ ...connection, credentials: keys }), undefined, 'given credentials: the SDK');
    assert.equal(localSigning({ kind: 'endpoint', endpoint: 'http://127.0.0.1:1' }), undefined, 'no keys there');
    assert.equal(localSigning({ kind: 'endpoint', endpoint: `https://127.0.0.1:${port}` }), undefined, 'https');
  });

  it('writes the input as Lambda binds it and signs it so that the endpoint accepts it', () => {
    const payload = Buffer.from('{"a":1}');
    const wire = wireRequest(
      { endpoint: `http://127.0.0.1:${port}/prefix`, credentials: keys, region: 'eu-west-1' },
      'response-streaming-invocations',
      {
        FunctionName: "arn:aws:lambda:eu-west-1:123456789012:function:my-fn(1)*!'",
        Qualifier: 'live',
        Payload: payload,
        InvocationType: 'DryRun',
        LogType: 'Tail',
        ClientContext: 'e30=',
        TenantId: 'tenant-7',
      },
    );
    assert.equal(
      wire.path,
      '/prefix/2021-11-15/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Amy-fn%281%29%2A%21%27/response-streaming-invocations?Qualifier=live',
    );
    assert.equal(wire.headers['x-amz-invocation-type'], 'DryRun');
    assert.equal(wire.headers['x-amz-log-type'], 'Tail');
    assert.equal(wire.headers['x-amz-client-context'], 'e30=');
    assert.equal(wire.headers['x-amz-tenant-id'], 'tenant-7');
    assert.equal(wire.headers['content-type'], 'application/octet-stream');
    assert.equal(wire.headers['content-length'], String(payload.byteLength));
    assert.match(
      wire.headers.authorization,
      /^AWS4-HMAC-SHA256 Credential=LSLOCAL[0-9A-F]+\/\d{8}\/eu-west-1\/lambda\/aws4_request, /,
    );
    const request = { method: 'POST', headers: wire.headers } as unknown as IncomingMessage;
    const [rawPath, rawQuery] = wire.path.split('?');
    assert.doesNotThrow(() => checkSignature(request, rawPath, rawQuery, sha256Hex(payload), keys));
    assert.throws(
      () => checkSignature(request, rawPath, rawQuery, sha256Hex('{"a":2}'), keys),
      /signature/i,
      'a different body does not pass',
    );
  });

  it('sends a name of dots as it is, as the SDK does, rather than as a step up the path', async () => {
    answer = [404, { 'x-amzn-errortype': 'ResourceNotFoundException' }, '{"Message":"Function not found: .."}'];
    const failed = await firstFailure(invokeStreaming({ connection, functionName: '..' }, '', {}));
    assert.equal(seen[0]?.url, '/2021-11-15/functions/../response-streaming-invocations');
    assert.equal(failed?.classification.code, 'ResourceNotFoundException');
  });

  it('sends it, streams the 2xx answer and completes as through the SDK', async () => {
    answer = [200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amz-executed-version': '3' }, ''];
    const failed = await outcome({});
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers['user-agent'], undefined, 'no SDK on the way');
    assert.equal(seen[0].url, '/2021-11-15/functions/fn/response-streaming-invocations');
    assert.equal(seen[0].body.toString(), '{"b":2}');
    assert.ok(failed instanceof LambdaStreamError);
    assert.equal(failed.classification.code, 'IncompleteStream', 'an empty 200 body is not a whole stream');
  });

  /** The classification code each case must come to (so that agreeing on something vague does not pass). */
  const expectedCodes: Record<string, string> = {
    'a modeled client error': 'ResourceNotFoundException',
    'throttling with Retry-After and a reason': 'TooManyRequestsException',
    'a server error': 'ServiceException',
    'a signature refused': 'InvalidSignatureException',
    'an error named only in the body': 'InvalidParameterValueException',
  };
  const cases: ReadonlyArray<[string, Answer]> = [
    [
      'a modeled client error',
      [404, { 'x-amzn-errortype': 'ResourceNotFoundException' }, '{"Type":"User","Message":"Function not found: fn"}'],
    ],
    [
      'throttling with Retry-After and a reason',
      [
        429,
        { 'x-amzn-errortype': 'TooManyRequestsException:http://internal.amazon.com/', 'retry-after': '7' },
        '{"Type":"User","message":"Rate exceeded","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}',
      ],
    ],
    ['a server error', [500, { 'x-amzn-errortype': 'ServiceException' }, '{"Type":"Service","Message":"internal"}']],
    [
      'an error type the model does not know',
      [400, { 'x-amzn-errortype': 'BrandNewException' }, '{"message":"something new"}'],
    ],
    ['a signature refused', [403, { 'x-amzn-errortype': 'InvalidSignatureException' }, '{"message":"bad"}']],
    ['an error named only in the body', [400, {}, '{"__type":"InvalidParameterValueException","message":"odd"}']],
    ['a body that is not JSON', [502, { 'content-type': 'text/html' }, '<html><body>Bad gateway</body></html>']],
  ];
  for (const [what, response] of cases) {
    it(`classifies ${what} exactly as the SDK's request does`, async () => {
      answer = response;
      const viaPlain = await outcome({});
      const client = await createLambdaClient(connection, 'invoke');
      try {
        const viaSdk = await outcome({ client });
        assert.ok(viaPlain instanceof LambdaStreamError && viaSdk instanceof LambdaStreamError);
        assert.deepEqual(comparable(viaPlain), comparable(viaSdk));
        if (expectedCodes[what]) assert.equal(viaPlain.classification.code, expectedCodes[what]);
        if (what.startsWith('throttling')) assert.equal(viaPlain.classification.retryAfterSeconds, 7);
      } finally {
        client.destroy();
      }
      assert.equal(seen.length, 2);
      assert.equal(seen[0].headers['user-agent'], undefined, 'the first went without the SDK');
      assert.ok(seen[1].headers['user-agent'], 'the second through it');
    });
  }

  it('cancels while waiting for the answer', async () => {
    const slow = createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowPort = (slow.address() as AddressInfo).port;
    writeLocalKeys(slowPort, { ...keys, url: `http://127.0.0.1:${slowPort}`, pid: process.pid });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const target = {
        connection: { kind: 'endpoint', endpoint: `http://127.0.0.1:${slowPort}` } as const,
        functionName: 'fn',
      };
      const started = Date.now();
      const failed = await firstFailure(invokeStreaming(target, '{}', { signal: controller.signal }));
      assert.equal(failed?.classification.code, 'Cancelled');
      assert.ok(Date.now() - started < 5_000);
    } finally {
      removeLocalKeys(slowPort, keys.accessKeyId);
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  async function outcome(options: Parameters<typeof invokeStreaming>[2]): Promise<unknown> {
    return firstFailure(invokeStreaming({ connection, functionName: 'fn' }, '{"b":2}', options));
  }
});

async function firstFailure(events: AsyncIterable<unknown>): Promise<LambdaStreamError | undefined> {
  try {
    for await (const _event of events) {
      // only the failure matters here
    }
    return undefined;
  } catch (error) {
    if (error instanceof LambdaStreamError) return error;
    throw error;
  }
}

/** What a person and the UI see of a classified error. */
function comparable(error: LambdaStreamError): unknown {
  return { message: error.message, classification: error.classification };
}
