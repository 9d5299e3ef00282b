/**
 * Listing over `NextMarker` against crafted pages: the marker is followed, an empty or repeated marker ends the
 * listing, a caller that stops early sends no further request, failures are classified, and the invoke mode hint.
 * Also aliases (with routing weights) and versions paged the same way, function URLs, and cancellation.
 */
import * as assert from 'node:assert/strict';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import { LambdaStreamError } from '../../../src/core/errors/classify';
import {
  getFunctionUrl,
  getInvokeModeHint,
  listAliases,
  listFunctions,
  listVersions,
} from '../../../src/core/aws/listing';
import { errorResponse, startStreamServer, type StreamServer } from './support/streamServer';
import type * as http from 'node:http';

const fn = (name: string) => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  Runtime: 'nodejs22.x',
  Description: '',
});

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
    assert.deepEqual(
      server.requests.slice(-2).map((request) => request.url),
      ['/2015-03-31/functions', '/2015-03-31/functions?Marker=m1'],
    );
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
    await assert.rejects(
      async () => {
        for await (const summary of listFunctions(connection())) assert.fail(summary.name);
      },
      (error: unknown) => error instanceof LambdaStreamError && error.code === 'InvalidParameterValueException',
    );
  });

  it('reads the function URL invoke mode as a hint', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          FunctionUrl: 'https://x.lambda-url.us-east-1.on.aws/',
          InvokeMode: 'RESPONSE_STREAM',
          AuthType: 'NONE',
        }),
      );
    });
    assert.equal(await getInvokeModeHint(connection(), 'fn', 'live'), 'RESPONSE_STREAM');
    assert.match(server.requests.at(-1)!.url, /^\/2021-10-31\/functions\/fn\/url\?Qualifier=live$/);
    await getInvokeModeHint(connection(), 'fn', '3');
    assert.equal(server.requests.at(-1)!.url, '/2021-10-31/functions/fn/url', 'a version is not a URL qualifier');
    server.handle(
      errorResponse(404, 'ResourceNotFoundException', '{"Message":"The resource you requested does not exist."}'),
    );
    assert.equal(await getInvokeModeHint(connection(), 'fn'), undefined);
  });

  /** Serves any JSON body keyed by the request's path and Marker (`path?Marker=m`, or the path alone for no marker). */
  function routes(byKey: Record<string, unknown>) {
    server.handle((request, response) => {
      const url = new URL(request.url, 'http://x');
      const marker = url.searchParams.get('Marker');
      const body = byKey[marker === null ? url.pathname : `${url.pathname}?Marker=${marker}`];
      if (body === undefined) return fail(response, 404, 'ResourceNotFoundException');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  }

  /** A Lambda error response, for handlers that answer some requests and fail others. */
  function fail(response: http.ServerResponse, status: number, errorType: string) {
    response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType });
    response.end(JSON.stringify({ Message: errorType }));
  }

  const isListError = (code: string, permission?: string) => (error: unknown) => {
    assert.ok(error instanceof LambdaStreamError, String(error));
    assert.equal(error.code, code);
    if (permission)
      assert.ok(
        error.classification.actions.some(
          (action) => action.kind === 'copyPermission' && action.permission === permission,
        ),
        JSON.stringify(error.classification.actions),
      );
    return true;
  };

  it('lists aliases page by page with their routing weights', async () => {
    const path = '/2015-03-31/functions/fn/aliases';
    routes({
      [path]: {
        Aliases: [
          {
            Name: 'live',
            FunctionVersion: '3',
            AliasArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:live',
            Description: '',
            RoutingConfig: { AdditionalVersionWeights: { '4': 0.1 } },
          },
        ],
        NextMarker: 'a1',
      },
      [`${path}?Marker=a1`]: {
        Aliases: [
          {
            Name: 'beta',
            FunctionVersion: '4',
            Description: 'canary',
            RoutingConfig: { AdditionalVersionWeights: {} },
          },
        ],
      },
    });
    const aliases = [];
    for await (const alias of listAliases(connection(), 'fn', { pageSize: 50 })) aliases.push(alias);
    assert.deepEqual(aliases, [
      {
        name: 'live',
        functionVersion: '3',
        arn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:live',
        description: undefined,
        routingWeights: { '4': 0.1 },
      },
      { name: 'beta', functionVersion: '4', arn: undefined, description: 'canary', routingWeights: undefined },
    ]);
    assert.deepEqual(
      server.requests.slice(-2).map((request) => request.url),
      [`${path}?MaxItems=50`, `${path}?Marker=a1&MaxItems=50`],
    );
  });

  it('lists versions page by page, skipping entries without a version', async () => {
    const path = '/2015-03-31/functions/fn/versions';
    routes({
      [path]: {
        Versions: [{ Version: '$LATEST', FunctionArn: 'arn:latest', Description: '' }, { FunctionArn: 'arn:none' }],
        NextMarker: 'v1',
      },
      [`${path}?Marker=v1`]: {
        Versions: [
          { Version: '1', FunctionArn: 'arn:1', Description: 'first', LastModified: '2024-01-01T00:00:00.000+0000' },
        ],
        NextMarker: '',
      },
    });
    const versions = [];
    for await (const version of listVersions(connection(), 'fn')) versions.push(version);
    assert.deepEqual(versions, [
      { version: '$LATEST', arn: 'arn:latest', description: undefined, lastModified: undefined },
      { version: '1', arn: 'arn:1', description: 'first', lastModified: '2024-01-01T00:00:00.000+0000' },
    ]);
    assert.equal(server.requests.at(-1)!.url, `${path}?Marker=v1`);
  });

  it('classifies failed alias and version pages with the API operation', async () => {
    server.handle(
      errorResponse(
        403,
        'AccessDeniedException',
        '{"Message":"User is not authorized to perform: lambda:ListAliases"}',
      ),
    );
    await assert.rejects(
      async () => {
        for await (const alias of listAliases(connection(), 'fn')) assert.fail(alias.name);
      },
      isListError('AccessDeniedException', 'lambda:ListAliases'),
    );
    server.handle(
      errorResponse(
        403,
        'AccessDeniedException',
        '{"Message":"User is not authorized to perform: lambda:ListVersionsByFunction"}',
      ),
    );
    await assert.rejects(
      async () => {
        for await (const version of listVersions(connection(), 'fn')) assert.fail(version.version);
      },
      isListError('AccessDeniedException', 'lambda:ListVersionsByFunction'),
    );
    server.handle(errorResponse(404, 'ResourceNotFoundException', '{"Message":"Function not found"}'));
    await assert.rejects(
      async () => {
        for await (const alias of listAliases(connection(), 'gone')) assert.fail(alias.name);
      },
      (error: unknown) =>
        error instanceof LambdaStreamError &&
        error.code === 'ResourceNotFoundException' &&
        /function 'gone' was not found/i.test(error.message),
    );
  });

  it('keeps the items of earlier pages when a later page fails', async () => {
    server.handle((request, response) => {
      if (new URL(request.url, 'http://x').searchParams.get('Marker') === 'm1') {
        fail(response, 403, 'AccessDeniedException');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ Functions: [fn('a')], NextMarker: 'm1' }));
    });
    const names: string[] = [];
    await assert.rejects(
      async () => {
        for await (const summary of listFunctions(connection())) names.push(summary.name);
      },
      isListError('AccessDeniedException', 'lambda:ListFunctions'),
    );
    assert.deepEqual(names, ['a']);
  });

  it('reads a function URL, undefined when there is none, classified otherwise', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          FunctionUrl: 'https://x.lambda-url.us-east-1.on.aws/',
          InvokeMode: 'RESPONSE_STREAM',
          AuthType: 'NONE',
        }),
      );
    });
    assert.deepEqual(await getFunctionUrl(connection(), 'fn', 'live'), {
      url: 'https://x.lambda-url.us-east-1.on.aws/',
      invokeMode: 'RESPONSE_STREAM',
      authType: 'NONE',
    });
    assert.equal(server.requests.at(-1)!.url, '/2021-10-31/functions/fn/url?Qualifier=live');
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ FunctionUrl: 'https://y.lambda-url.us-east-1.on.aws/', AuthType: 'AWS_IAM' }));
    });
    assert.deepEqual(
      await getFunctionUrl(connection(), 'fn'),
      { url: 'https://y.lambda-url.us-east-1.on.aws/', invokeMode: 'BUFFERED', authType: 'AWS_IAM' },
      'BUFFERED when Lambda does not say',
    );
    assert.equal(server.requests.at(-1)!.url, '/2021-10-31/functions/fn/url');
    server.handle(
      errorResponse(404, 'ResourceNotFoundException', '{"Message":"The resource you requested does not exist."}'),
    );
    assert.equal(await getFunctionUrl(connection(), 'fn'), undefined);
    server.handle(
      errorResponse(
        403,
        'AccessDeniedException',
        '{"Message":"User is not authorized to perform: lambda:GetFunctionUrlConfig"}',
      ),
    );
    await assert.rejects(
      getFunctionUrl(connection(), 'fn'),
      isListError('AccessDeniedException', 'lambda:GetFunctionUrlConfig'),
    );
  });

  it('sends nothing when already cancelled, and cancels a request in flight', async () => {
    pages({ '': { Functions: [fn('a')] } });
    const before = server.requests.length;
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(async () => {
      for await (const summary of listFunctions(connection(), { signal: aborted.signal })) assert.fail(summary.name);
    }, isListError('Cancelled'));
    await assert.rejects(
      getFunctionUrl(connection(), 'fn', undefined, { signal: aborted.signal }),
      isListError('Cancelled'),
    );
    assert.equal(server.requests.length, before);

    const held: http.ServerResponse[] = [];
    server.handle((_request, response) => void held.push(response));
    const controller = new AbortController();
    const listing = (async () => {
      for await (const summary of listFunctions(connection(), { signal: controller.signal })) assert.fail(summary.name);
    })();
    await server.received(before + 1);
    controller.abort();
    await assert.rejects(
      listing,
      (error: unknown) =>
        isListError('Cancelled')(error) &&
        (error as LambdaStreamError).classification.category === 'cancelled' &&
        /Listing was cancelled/.test((error as Error).message),
    );
    const urlController = new AbortController();
    const url = getFunctionUrl(connection(), 'fn', undefined, { signal: urlController.signal });
    await server.received(before + 2);
    urlController.abort();
    await assert.rejects(url, isListError('Cancelled'));
    for (const response of held) response.destroy();
  });
});
