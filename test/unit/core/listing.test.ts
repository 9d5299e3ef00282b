/**
 * Listing over `NextMarker` against crafted pages: the marker is followed, an empty or repeated marker ends the
 * listing, a caller that stops early sends no further request, failures are classified, and the invoke mode hint.
 */
import * as assert from 'node:assert/strict';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import { LambdaStreamError } from '../../../src/core/errors/classify';
import { getInvokeModeHint, listFunctions } from '../../../src/core/aws/listing';
import { errorResponse, startStreamServer, type StreamServer } from './support/streamServer';

const fn = (name: string) => ({ FunctionName: name, FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, Runtime: 'nodejs22.x', Description: '' });

describe('core/listing', () => {
  let server: StreamServer;
  const connection = () => ({ kind: 'endpoint' as const, endpoint: server.url });

  before(async () => (server = await startStreamServer()));
  after(async () => {
    await server.close();
    await disposeLambdaClients();
  });

  /** Serves pages keyed by the request's Marker. */
  function pages(byMarker: Record<string, { Functions: unknown[]; NextMarker?: string }>) {
    server.handle((request, response) => {
      const marker = new URL(request.url, 'http://x').searchParams.get('Marker') ?? '';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(byMarker[marker]));
    });
  }

  it('follows NextMarker until it is empty', async () => {
    pages({ '': { Functions: [fn('a'), fn('b')], NextMarker: 'm1' }, m1: { Functions: [fn('c')], NextMarker: '' } });
    const names: string[] = [];
    for await (const summary of listFunctions(connection())) names.push(summary.name);
    assert.deepEqual(names, ['a', 'b', 'c']);
    assert.deepEqual(server.requests.slice(-2).map((request) => request.url), ['/2015-03-31/functions', '/2015-03-31/functions?Marker=m1']);
  });

  it('stops on a repeated marker and when the caller stops reading', async () => {
    pages({ '': { Functions: [fn('a')], NextMarker: 'same' }, same: { Functions: [fn('b')], NextMarker: 'same' } });
    const names: string[] = [];
    for await (const summary of listFunctions(connection())) names.push(summary.name);
    assert.deepEqual(names, ['a', 'b']);
    const before = server.requests.length;
    for await (const summary of listFunctions(connection())) {
      assert.equal(summary.name, 'a');
      assert.equal(summary.description, undefined);
      break;
    }
    assert.equal(server.requests.length - before, 1);
  });

  it('classifies a failed page', async () => {
    server.handle(errorResponse(400, 'InvalidParameterValueException', '{"message":"MaxItems is out of range"}'));
    await assert.rejects(async () => {
      for await (const summary of listFunctions(connection())) assert.fail(summary.name);
    }, (error: unknown) => error instanceof LambdaStreamError && error.code === 'InvalidParameterValueException');
  });

  it('reads the function URL invoke mode as a hint', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ FunctionUrl: 'https://x.lambda-url.us-east-1.on.aws/', InvokeMode: 'RESPONSE_STREAM', AuthType: 'NONE' }));
    });
    assert.equal(await getInvokeModeHint(connection(), 'fn', 'live'), 'RESPONSE_STREAM');
    assert.match(server.requests.at(-1)!.url, /^\/2021-10-31\/functions\/fn\/url\?Qualifier=live$/);
    await getInvokeModeHint(connection(), 'fn', '3');
    assert.equal(server.requests.at(-1)!.url, '/2021-10-31/functions/fn/url', 'a version is not a URL qualifier');
    server.handle(errorResponse(404, 'ResourceNotFoundException', '{"Message":"The resource you requested does not exist."}'));
    assert.equal(await getInvokeModeHint(connection(), 'fn'), undefined);
  });
});
