/**
 * The Functions view's real sources list through src/core/aws/listing.ts: pages followed over `NextMarker`, the
 * core's summaries handed to the nodes in the SDK shapes they read (alias routing weights included), function URLs
 * undefined when there is none, and failures classified by the core.
 */
import * as assert from 'node:assert/strict';
import { disposeLambdaClients } from '../../src/core/aws/client';
import { LambdaStreamError } from '../../src/core/errors/classify';
import { defaultTreeSources } from '../../src/extension/tree/treeSources';
import { errorResponse, startStreamServer, type StreamServer } from './core/support/streamServer';

describe('tree/treeSources', () => {
  let server: StreamServer;
  const connection = () => ({ kind: 'endpoint' as const, endpoint: server.url });
  const sources = defaultTreeSources();

  before(async () => (server = await startStreamServer()));
  after(async () => {
    await server.close();
    await disposeLambdaClients();
  });

  function json(byMarker: Record<string, unknown>) {
    server.handle((request, response) => {
      const marker = new URL(request.url, 'http://x').searchParams.get('Marker') ?? '';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(byMarker[marker]));
    });
  }

  it('lists functions page by page, 50 at a time, in the SDK shape', async () => {
    const config = {
      FunctionName: 'a',
      FunctionArn: 'arn:a',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 128,
      Timeout: 3,
      PackageType: 'Zip',
      LastModified: '2024-01-01T00:00:00.000+0000',
      Description: 'first',
    };
    json({ '': { Functions: [config], NextMarker: 'm1' }, m1: { Functions: [{ FunctionName: 'b' }] } });
    const listed = [];
    for await (const fn of sources.functions(connection())) listed.push(fn);
    assert.deepEqual(
      listed.map((fn) => fn.FunctionName),
      ['a', 'b'],
    );
    assert.deepEqual(
      { ...listed[0] },
      {
        FunctionName: 'a',
        FunctionArn: 'arn:a',
        Runtime: 'nodejs22.x',
        Description: 'first',
        LastModified: config.LastModified,
        MemorySize: 128,
        Timeout: 3,
        PackageType: 'Zip',
        Handler: 'index.handler',
      },
    );
    assert.deepEqual(
      server.requests.slice(-2).map((request) => request.url),
      ['/2015-03-31/functions?MaxItems=50', '/2015-03-31/functions?Marker=m1&MaxItems=50'],
    );
  });

  it('hands aliases over with their routing weights, and versions', async () => {
    json({
      '': {
        Aliases: [
          {
            Name: 'live',
            FunctionVersion: '3',
            AliasArn: 'arn:live',
            RoutingConfig: { AdditionalVersionWeights: { '4': 0.25 } },
          },
          { Name: 'plain', FunctionVersion: '2' },
        ],
      },
    });
    const aliases = [];
    for await (const alias of sources.aliases(connection(), 'fn')) aliases.push(alias);
    assert.deepEqual(aliases[0].RoutingConfig, { AdditionalVersionWeights: { '4': 0.25 } });
    assert.equal(aliases[0].AliasArn, 'arn:live');
    assert.equal(aliases[1].RoutingConfig, undefined);
    json({
      '': {
        Versions: [
          { Version: '$LATEST', FunctionArn: 'arn:fn:$LATEST' },
          { Version: '1', FunctionArn: 'arn:fn:1', Description: 'one' },
        ],
      },
    });
    const versions = [];
    for await (const version of sources.versions(connection(), 'fn')) versions.push(version);
    assert.deepEqual(
      versions.map((version) => [version.Version, version.FunctionArn, version.Description]),
      [
        ['$LATEST', 'arn:fn:$LATEST', undefined],
        ['1', 'arn:fn:1', 'one'],
      ],
    );
  });

  it('reads function URLs: undefined without one, a classified error otherwise', async () => {
    json({ '': { FunctionUrl: 'https://x.lambda-url.us-east-1.on.aws/', InvokeMode: 'RESPONSE_STREAM' } });
    assert.deepEqual(await sources.functionUrl(connection(), 'fn', 'live'), {
      url: 'https://x.lambda-url.us-east-1.on.aws/',
      invokeMode: 'RESPONSE_STREAM',
      authType: 'AWS_IAM', // the model requires AuthType; a response without it is treated as the stricter one
    });
    server.handle(
      errorResponse(404, 'ResourceNotFoundException', '{"Message":"The resource you requested does not exist."}'),
    );
    assert.equal(await sources.functionUrl(connection(), 'fn'), undefined);
    server.handle(errorResponse(403, 'AccessDeniedException', '{"Message":"denied"}'));
    await assert.rejects(
      sources.functionUrl(connection(), 'fn'),
      (error: unknown) => error instanceof LambdaStreamError && error.code === 'AccessDeniedException',
    );
  });

  it('a failed listing is classified by the core', async () => {
    server.handle(
      errorResponse(
        403,
        'AccessDeniedException',
        '{"Message":"User is not authorized to perform: lambda:ListFunctions"}',
      ),
    );
    await assert.rejects(
      async () => {
        for await (const fn of sources.functions(connection())) assert.fail(fn.FunctionName);
      },
      (error: unknown) =>
        error instanceof LambdaStreamError &&
        error.code === 'AccessDeniedException' &&
        error.classification.actions.some((action) => action.kind === 'copyPermission'),
    );
  });
});
