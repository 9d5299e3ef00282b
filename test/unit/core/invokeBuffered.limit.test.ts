/**
 * A buffered Invoke response is capped: past Lambda's 6 MB (plus a margin) the body is not read further, with a
 * sentence that says so and what to do, whether the server declares its length or streams it chunked.
 */
import * as assert from 'node:assert/strict';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import { MAX_BUFFERED_RESPONSE_BYTES } from '../../../src/core/engine/invocationCall';
import { invokeBuffered } from '../../../src/core/engine/invokeBuffered';
import { collect } from './support/collect';
import { startStreamServer, type StreamServer } from './support/streamServer';

describe('core/invokeBuffered: the response size cap', function () {
  this.timeout(30_000);
  let server: StreamServer;
  before(async () => (server = await startStreamServer()));
  after(async () => {
    await disposeLambdaClients();
    await server.close();
  });

  const expectTooLarge = async () => {
    const result = await collect(
      invokeBuffered({ connection: { kind: 'endpoint', endpoint: server.url }, functionName: 'fn' }, '{}'),
    );
    assert.deepEqual(result.failure, { code: 'ResponseTooLarge', category: 'function' });
    assert.equal(
      result.error?.message,
      `The response is larger than ${MAX_BUFFERED_RESPONSE_BYTES} bytes, more than Lambda's 6 MB limit for a buffered Invoke, so it was not read further; invoke with streaming instead.`,
    );
  };

  it('stops a response whose Content-Length is over the cap without reading it', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 50 * 1024 * 1024 });
      response.write('"');
    });
    await expectTooLarge();
  });

  it('stops a chunked response once it passes the cap', async () => {
    let sent = 0;
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const block = Buffer.alloc(256 * 1024, 0x61);
      const pump = () => {
        while (sent < 40 * 1024 * 1024 && !response.destroyed) {
          sent += block.length;
          if (!response.write(block)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    await expectTooLarge();
    assert.ok(sent < 40 * 1024 * 1024, `the client stopped reading (the server sent ${sent} bytes)`);
  });

  it('still reads a response at the cap', async () => {
    const body = `"${'b'.repeat(6 * 1024 * 1024 - 2)}"`;
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    });
    const result = await collect(
      invokeBuffered({ connection: { kind: 'endpoint', endpoint: server.url }, functionName: 'fn' }, '{}'),
    );
    assert.equal(result.failure, undefined);
  });
});
