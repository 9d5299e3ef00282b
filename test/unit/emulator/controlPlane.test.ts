import {
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetFunctionUrlConfigCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ListVersionsByFunctionCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { type Fixture, makeClient, manifest, rawRequest, startFixture } from './support';

const LAMBDA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

const FUNCTIONS: Record<string, string> = {
  'streamer.mjs': `export const handler = awslambda.streamifyResponse(async (event, stream) => stream.end('x'));`,
  'plain.cjs': `exports.handler = async () => 'plain';`,
  'my.dotted.js': `exports.handler = async () => 'not a function name';`,
  'notes.txt': 'not a handler',
  'lambda-stream.json': manifest({
    streamer: {
      description: 'streams',
      timeout: 30,
      memorySize: 512,
      runtime: 'nodejs22.x',
      environment: { MODE: 'test' },
      reservedConcurrency: 5,
      versions: ['1', '2'],
      aliases: { live: '2', beta: { version: '1', description: 'older' }, edge: '$LATEST' },
    },
  }),
};

describe('emulator: control-plane operations', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture(FUNCTIONS);
  });
  after(() => fixture.close());

  it("lists the folder's functions with realistic configurations", async () => {
    const output = await fixture.client.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      output.Functions?.map((fn) => fn.FunctionName),
      ['plain', 'streamer'],
    );
    assert.equal(output.NextMarker, undefined);
    const streamer = output.Functions?.[1];
    assert.equal(streamer?.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:streamer');
    assert.equal(streamer?.Runtime, 'nodejs22.x');
    assert.equal(streamer?.Handler, 'streamer.handler');
    assert.equal(streamer?.Version, '$LATEST');
    assert.equal(streamer?.MemorySize, 512);
    assert.equal(streamer?.Timeout, 30);
    assert.equal(streamer?.Description, 'streams');
    assert.deepEqual(streamer?.Environment, { Variables: { MODE: 'test' } });
    assert.match(streamer?.LastModified ?? '', LAMBDA_TIMESTAMP);
    assert.match(streamer?.CodeSha256 ?? '', /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(streamer?.State, undefined, 'ListFunctions leaves out State');
    const plain = output.Functions?.[0];
    assert.equal(plain?.Timeout, 3);
    assert.equal(plain?.MemorySize, 128);
  });

  it('answers ListFunctions with and without the trailing slash', async () => {
    const bare = JSON.parse((await rawRequest(fixture.endpoint.url, { path: '/2015-03-31/functions' })).body);
    const slash = JSON.parse((await rawRequest(fixture.endpoint.url, { path: '/2015-03-31/functions/' })).body);
    assert.deepEqual(slash, bare);
  });

  it('lists every version with FunctionVersion=ALL, with qualified ARNs', async () => {
    const output = await fixture.client.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    assert.deepEqual(
      output.Functions?.map((fn) => fn.FunctionArn?.split(':function:')[1]),
      ['plain:$LATEST', 'streamer:$LATEST', 'streamer:1', 'streamer:2'],
    );
  });

  it('uses the region the client signs for in ARNs', async () => {
    const client = makeClient(fixture.endpoint.url, 'eu-central-1');
    const output = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'plain' }));
    assert.equal(output.FunctionArn, 'arn:aws:lambda:eu-central-1:123456789012:function:plain');
    client.destroy();
  });

  it('returns GetFunction and GetFunctionConfiguration for a version, an alias and $LATEST', async () => {
    const latest = await fixture.client.send(new GetFunctionCommand({ FunctionName: 'streamer' }));
    assert.equal(latest.Configuration?.Version, '$LATEST');
    assert.equal(latest.Configuration?.State, 'Active');
    assert.equal(latest.Configuration?.LastUpdateStatus, 'Successful');
    assert.equal(latest.Code?.Location, pathToFileURL(path.join(fixture.dir, 'streamer.mjs')).href);
    assert.deepEqual(latest.Concurrency, { ReservedConcurrentExecutions: 5 });
    const alias = await fixture.client.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'streamer', Qualifier: 'live' }),
    );
    assert.equal(alias.Version, '2');
    assert.equal(alias.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:streamer:live');
    const version = await fixture.client.send(
      new GetFunctionConfigurationCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:streamer:1',
      }),
    );
    assert.equal(version.Version, '1');
  });

  it('lists versions: $LATEST first, then the published ones', async () => {
    const output = await fixture.client.send(new ListVersionsByFunctionCommand({ FunctionName: 'streamer' }));
    assert.deepEqual(
      output.Versions?.map((fn) => fn.Version),
      ['$LATEST', '1', '2'],
    );
    assert.equal(output.Versions?.[0].FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:streamer:$LATEST');
  });

  it('lists and gets aliases', async () => {
    const all = await fixture.client.send(new ListAliasesCommand({ FunctionName: 'streamer' }));
    assert.deepEqual(
      all.Aliases?.map((alias) => [alias.Name, alias.FunctionVersion]),
      [
        ['beta', '1'],
        ['edge', '$LATEST'],
        ['live', '2'],
      ],
    );
    const forOne = await fixture.client.send(
      new ListAliasesCommand({ FunctionName: 'streamer', FunctionVersion: '1' }),
    );
    assert.deepEqual(
      forOne.Aliases?.map((alias) => alias.Name),
      ['beta'],
    );
    const beta = await fixture.client.send(new GetAliasCommand({ FunctionName: 'streamer', Name: 'beta' }));
    assert.equal(beta.AliasArn, 'arn:aws:lambda:us-east-1:123456789012:function:streamer:beta');
    assert.equal(beta.Description, 'older');
    assert.match(beta.RevisionId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await assert.rejects(fixture.client.send(new GetAliasCommand({ FunctionName: 'streamer', Name: 'gone' })), {
      name: 'ResourceNotFoundException',
      message: 'Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:streamer:gone',
    });
    const empty = await fixture.client.send(new ListAliasesCommand({ FunctionName: 'plain' }));
    assert.deepEqual(empty.Aliases, []);
  });

  it('uses the stricter FunctionName shape for alias and URL operations', async () => {
    await assert.rejects(fixture.client.send(new ListAliasesCommand({ FunctionName: 'my.dotted' })), (error: Error) => {
      assert.equal(error.name, 'ValidationException');
      assert.match(
        error.message,
        /at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\(\[a-zA-Z0-9-_\]\+\)/,
      );
      return true;
    });
    await assert.rejects(
      fixture.client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'streamer', Qualifier: '1' })),
      (error: Error) => {
        assert.equal(error.name, 'ValidationException');
        assert.match(error.message, /Value '1' at 'qualifier' failed to satisfy constraint/);
        return true;
      },
    );
  });

  it('has a RESPONSE_STREAM function URL for streaming functions only', async () => {
    const url = await fixture.client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'streamer' }));
    assert.equal(url.InvokeMode, 'RESPONSE_STREAM');
    assert.equal(url.AuthType, 'NONE');
    assert.equal(url.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:streamer');
    assert.equal(url.FunctionUrl, fixture.endpoint.functionUrl('streamer'));
    assert.match(url.FunctionUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/lambda-url\/[0-9a-f]{32}\/streamer\/$/);
    await assert.rejects(
      fixture.client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'plain' })),
      (error: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'ResourceNotFoundException');
        assert.equal(error.message, 'The resource you requested does not exist.');
        assert.equal(error.$metadata.httpStatusCode, 404);
        return true;
      },
    );
    const list = await fixture.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'streamer' }));
    assert.equal(list.FunctionUrlConfigs?.length, 1);
    const none = await fixture.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'plain' }));
    assert.deepEqual(none.FunctionUrlConfigs, []);
  });

  it('validates MaxItems', async () => {
    await assert.rejects(fixture.client.send(new ListFunctionsCommand({ MaxItems: 0 })), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    await assert.rejects(
      fixture.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'streamer', MaxItems: 51 })),
      { name: 'ValidationException' },
    );
  });
});

describe('emulator: 10,000 functions', function () {
  this.timeout(120_000);
  let fixture: Fixture;
  before(async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 10_000; index++)
      files[`fn-${String(index).padStart(5, '0')}.cjs`] = 'exports.handler = async () => 1;';
    fixture = await startFixture(files);
  });
  after(() => fixture.close());

  it('pages them 50 at a time with the SDK paginator', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client: fixture.client }, { MaxItems: 1000 })) {
      pages++;
      assert.ok((page.Functions?.length ?? 0) <= 50);
      names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName ?? ''));
    }
    assert.equal(pages, 200);
    assert.equal(names.length, 10_000);
    assert.equal(new Set(names).size, 10_000);
    assert.equal(names[0], 'fn-00000');
    assert.equal(names[9_999], 'fn-09999');
  });

  it('honours a MaxItems below 50', async () => {
    const first = await fixture.client.send(new ListFunctionsCommand({ MaxItems: 7 }));
    assert.equal(first.Functions?.length, 7);
    const second = await fixture.client.send(new ListFunctionsCommand({ MaxItems: 7, Marker: first.NextMarker }));
    assert.equal(second.Functions?.[0].FunctionName, 'fn-00007');
  });
});
