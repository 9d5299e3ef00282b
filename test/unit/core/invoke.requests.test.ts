/**
 * The request side of invokeStreaming and the failures before a stream starts: what goes on the wire, local
 * validation (nothing sent), error responses with their classification (no automatic retry: exactly one request),
 * connection failures, `started` at header time, and cancellation at every wait.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { collect } from './support/collect';
import {
  errorResponse,
  frames,
  gate,
  startStreamServer,
  streamHeaders,
  type StreamServer,
} from './support/streamServer';

for (const decoder of ['direct', 'sdk'] as const) {
  describe(`core/invoke: requests, errors and cancellation (${decoder} path)`, () => {
    let server: StreamServer;
    const target = () => ({ connection: { kind: 'endpoint' as const, endpoint: server.url }, functionName: 'fn' });

    before(async () => (server = await startStreamServer()));
    after(async () => {
      await server.close();
      await disposeLambdaClients();
    });

    it('sends the payload, qualifier, log type, base64 client context, tenant id and dry run', async () => {
      server.handle((_request, response) => {
        response.writeHead(204);
        response.end();
      });
      const options = {
        decoder,
        logType: 'Tail' as const,
        dryRun: true,
        clientContext: { custom: { a: 1 } },
        tenantId: 'tenant-1',
      };
      await collect(invokeStreaming({ ...target(), qualifier: 'live' }, '{"x": "é"}', options));
      const request = server.requests.at(-1)!;
      assert.equal(request.method, 'POST');
      assert.equal(request.url, '/2021-11-15/functions/fn/response-streaming-invocations?Qualifier=live');
      assert.equal(request.headers['x-amz-log-type'], 'Tail');
      assert.equal(request.headers['x-amz-invocation-type'], 'DryRun');
      assert.equal(request.headers['x-amz-tenant-id'], 'tenant-1');
      assert.equal(
        Buffer.from(String(request.headers['x-amz-client-context']), 'base64').toString(),
        '{"custom":{"a":1}}',
      );
      assert.equal(request.body.toString('utf8'), '{"x": "é"}');
      assert.match(String(request.headers.authorization), /Credential=LAMBDASTREAMLOCAL\//);
    });

    it('sends an empty body for a blank payload', async () => {
      server.handle((_request, response) => {
        response.writeHead(204);
        response.end();
      });
      await collect(invokeStreaming(target(), '  \n', { decoder }));
      assert.equal(server.requests.at(-1)!.body.length, 0);
    });

    it('rejects invalid input locally and sends nothing', async () => {
      const before = server.requests.length;
      const invalid = await collect(invokeStreaming(target(), '{"a": 1,\n  "b": }', { decoder }));
      assert.equal(invalid.failure?.code, 'InvalidPayload');
      assert.equal(invalid.failure?.category, 'validation');
      assert.deepEqual(invalid.error?.classification.actions, [{ kind: 'fixPayload', line: 2, column: 8 }]);
      const big = await collect(invokeStreaming(target(), `"${'x'.repeat(6 * 1024 * 1024)}"`, { decoder }));
      assert.equal(big.failure?.code, 'PayloadTooLarge');
      const name = await collect(invokeStreaming({ ...target(), functionName: 'bad name!' }, '{}', { decoder }));
      assert.equal(name.failure?.code, 'InvalidFunctionName');
      const qualifier = await collect(invokeStreaming({ ...target(), qualifier: 'a/b' }, '{}', { decoder }));
      assert.equal(qualifier.failure?.code, 'InvalidQualifier');
      const tenant = await collect(invokeStreaming(target(), '{}', { decoder, tenantId: 'no#hash' }));
      assert.equal(tenant.failure?.code, 'InvalidTenantId');
      const context = await collect(
        invokeStreaming(target(), '{}', { decoder, clientContext: { big: 'x'.repeat(4000) } }),
      );
      assert.equal(context.failure?.code, 'ClientContextTooLarge');
      assert.equal(server.requests.length, before);
    });

    it('reports 429 with Retry-After as throttling, without retrying', async () => {
      const before = server.requests.length;
      server.handle(
        errorResponse(
          429,
          'TooManyRequestsException',
          '{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}',
          { 'retry-after': '7' },
        ),
      );
      const result = await collect(invokeStreaming(target(), '{}', { decoder }));
      assert.deepEqual(result.events, []);
      assert.deepEqual(result.failure, { code: 'TooManyRequestsException', category: 'service', retryAfterSeconds: 7 });
      assert.deepEqual(result.error?.classification.actions, [{ kind: 'retryAfter', seconds: 7 }]);
      assert.equal(server.requests.length - before, 1);
    });

    it('reports a 500 ServiceException, a 503 without a body, a 404 and a non-JSON 502, once each', async () => {
      const before = server.requests.length;
      server.handle(errorResponse(500, 'ServiceException', '{"Type":"Service","Message":"internal"}'));
      assert.equal((await collect(invokeStreaming(target(), '{}', { decoder }))).failure?.code, 'ServiceException');
      server.handle(errorResponse(503, undefined, ''));
      assert.equal((await collect(invokeStreaming(target(), '{}', { decoder }))).failure?.code, 'UnknownServiceError');
      server.handle(
        errorResponse(
          404,
          'ResourceNotFoundException',
          '{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:fn"}',
        ),
      );
      const missing = await collect(invokeStreaming(target(), '{}', { decoder }));
      assert.equal(missing.failure?.code, 'ResourceNotFoundException');
      assert.equal(missing.error?.message, "Function 'fn' was not found in us-east-1.");
      server.handle((_request, response) => {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html>Bad gateway</html>');
      });
      const html = await collect(invokeStreaming(target(), '{}', { decoder }));
      assert.equal(html.failure?.code, 'InvalidErrorResponse');
      assert.match(html.error!.message, /HTTP 502 and a body \(text\/html\)/);
      assert.equal(server.requests.length - before, 4);
    });

    it('reports a refused connection', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as import('node:net').AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const result = await collect(
        invokeStreaming(
          { connection: { kind: 'endpoint', endpoint: `http://127.0.0.1:${port}` }, functionName: 'fn' },
          '{}',
          { decoder },
        ),
      );
      assert.deepEqual(result.failure, { code: 'ConnectionRefused', category: 'network' });
      assert.deepEqual(result.error?.classification.actions, [
        { kind: 'checkEndpoint', endpoint: `http://127.0.0.1:${port}` },
        { kind: 'retry' },
      ]);
    });

    it('yields started when the headers arrive, before the first byte', async () => {
      const firstByte = gate();
      server.handle(async (_request, response) => {
        response.writeHead(200, streamHeaders());
        response.flushHeaders();
        await firstByte.promise;
        response.end(Buffer.concat([frames.chunk('late'), frames.complete()]));
      });
      const order: string[] = [];
      await collect(invokeStreaming(target(), '{}', { decoder }), (event) => {
        order.push(event.type);
        if (event.type === 'started') firstByte.open();
      });
      assert.deepEqual(order, ['started', 'chunk', 'complete']);
    });

    it('cancels while waiting for the headers', async () => {
      server.handle(() => undefined);
      const controller = new AbortController();
      const closed = server.clientClosed();
      const requested = server.received(server.requests.length + 1).then(() => controller.abort());
      const result = await collect(invokeStreaming(target(), '{}', { decoder, signal: controller.signal }));
      await requested;
      assert.deepEqual(result.events, []);
      assert.deepEqual(result.failure, { code: 'Cancelled', category: 'cancelled' });
      assert.match(result.error!.message, /may still be running/);
      await closed;
    });

    it('cancels while waiting for the first byte', async () => {
      server.handle((_request, response) => {
        response.writeHead(200, streamHeaders());
        response.flushHeaders();
      });
      const controller = new AbortController();
      const closed = server.clientClosed();
      const result = await collect(invokeStreaming(target(), '{}', { decoder, signal: controller.signal }), (event) => {
        if (event.type === 'started') controller.abort();
      });
      assert.deepEqual(
        result.events.map((event) => event.type),
        ['started'],
      );
      assert.deepEqual(result.failure, { code: 'Cancelled', category: 'cancelled' });
      await closed;
    });

    it('cancels mid-stream, keeping the metrics of what arrived', async () => {
      server.handle((_request, response) => {
        response.writeHead(200, streamHeaders());
        response.write(frames.chunk('first'));
      });
      const controller = new AbortController();
      const closed = server.clientClosed();
      const result = await collect(invokeStreaming(target(), '{}', { decoder, signal: controller.signal }), (event) => {
        if (event.type === 'chunk') controller.abort();
      });
      assert.deepEqual(
        result.events.map((event) => event.type),
        ['started', 'chunk'],
      );
      assert.equal(result.failure?.code, 'Cancelled');
      assert.equal(result.error?.metrics?.bytes, 5);
      assert.equal(result.error?.metrics?.chunks, 1);
      await closed;
    });

    it('releases the connection when the caller stops iterating', async () => {
      server.handle((_request, response) => {
        response.writeHead(200, streamHeaders());
        response.write(frames.chunk('first'));
      });
      const closed = server.clientClosed();
      for await (const event of invokeStreaming(target(), '{}', { decoder })) {
        if (event.type === 'chunk') break;
      }
      await closed;
    });

    it('fails at once for a signal that is already aborted, sending nothing', async () => {
      const before = server.requests.length;
      const result = await collect(invokeStreaming(target(), '{}', { decoder, signal: AbortSignal.abort() }));
      assert.equal(result.failure?.code, 'Cancelled');
      assert.equal(server.requests.length, before);
    });
  });
}
