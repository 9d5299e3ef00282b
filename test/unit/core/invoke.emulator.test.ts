/**
 * The core against the real Local endpoint (in-process, serving the bundled samples): streaming and buffered
 * invocations of every sample, each three ways (the plain signed request the engine sends to this user's Local
 * endpoint, the SDK's request with the engine's decoder, the SDK's own EventStream), plus listing and function errors.
 */
import * as assert from 'node:assert/strict';
import { createLambdaClient, disposeLambdaClients } from '../../../src/core/aws/client';
import type { EndpointConnection } from '../../../src/core/aws/connection';
import type { InvokeOptions } from '../../../src/core/engine/events';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { invokeBuffered } from '../../../src/core/engine/invokeBuffered';
import { getInvokeModeHint, listAliases, listFunctions, listVersions } from '../../../src/core/aws/listing';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { collect, joinedText, type PlainEvent } from './support/collect';

describe('core against the Local endpoint', function () {
  this.timeout(20_000);
  let endpoint: LocalEndpoint;
  let connection: EndpointConnection;

  before(async () => {
    endpoint = await startLocalEndpoint({ port: 0, onProblem: () => undefined, publishKeys: true });
    connection = { kind: 'endpoint', endpoint: endpoint.url };
  });
  after(async () => {
    await disposeLambdaClients();
    await endpoint.close();
  });

  const run = (functionName: string, payload: unknown, options: InvokeOptions = {}) =>
    collect(invokeStreaming({ connection, functionName }, JSON.stringify(payload), options));
  const types = (events: PlainEvent[]) => [...new Set(events.map((event) => event.type))];

  const ways: ReadonlyArray<[string, () => Promise<InvokeOptions>]> = [
    ['plain request, direct decoder', async () => ({})],
    ['SDK request, direct decoder', async () => ({ client: await createLambdaClient(connection, 'invoke') })],
    ['SDK request, sdk decoder', async () => ({ decoder: 'sdk' })],
  ];
  for (const [name, optionsOf] of ways) {
    describe(name, () => {
      let way: InvokeOptions;
      before(async () => (way = await optionsOf()));
      after(() => way.client?.destroy());

      it('streams token-stream word by word', async () => {
        const result = await run('token-stream', { words: 6, delayMs: 5 }, way);
        assert.equal(result.error, undefined, result.error?.stack);
        assert.deepEqual(types(result.events), ['started', 'chunk', 'complete']);
        assert.equal(joinedText(result.events), 'Response streaming lets a Lambda function\n');
        assert.ok(result.events.filter((event) => event.type === 'chunk').length >= 2, 'several chunks');
        assert.equal(typeof result.events[0].contentType, 'string');
        assert.equal(result.events.at(-1)?.errorCode, undefined);
      });

      it('reports the HTTP prelude of http-response and strips it from the body', async () => {
        const result = await run('http-response', { sections: ['Only'], statusCode: 201 }, way);
        const prelude = result.events.find((event) => event.type === 'httpPrelude');
        assert.equal(prelude?.statusCode, 201);
        assert.deepEqual(prelude?.cookies, ['session=local; Path=/; HttpOnly']);
        assert.equal((prelude?.headers as Record<string, string>)['Content-Type'], 'text/html; charset=utf-8');
        assert.equal(
          joinedText(result.events),
          '<!doctype html><html><body><section><h2>Only</h2></section></body></html>\n',
        );
      });

      it('keeps the output of midstream-failure and reports its error at the end', async () => {
        const result = await run(
          'midstream-failure',
          { failAfter: 2, message: 'boom at row 2' },
          { ...way, logType: 'Tail' },
        );
        assert.equal(result.error, undefined);
        assert.equal(joinedText(result.events), 'step 1 of 3 done\nstep 2 of 3 done\n');
        const complete = result.events.at(-1)!;
        assert.equal(complete.type, 'complete');
        assert.equal(complete.errorCode, 'Error');
        assert.match(String(complete.errorDetails), /boom at row 2/);
        assert.equal((complete.log as { kind: string }).kind, 'text');
      });

      it('streams ndjson rows in order', async () => {
        const result = await run('ndjson-rows', { rows: 20, delayMs: 0 }, way);
        const rows = joinedText(result.events)
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { id: number });
        assert.deepEqual(
          rows.map((row) => row.id),
          Array.from({ length: 20 }, (_, index) => index + 1),
        );
      });

      it('delivers every byte of a 2 MB report', async () => {
        const result = await run('big-report', { megabytes: 2 }, way);
        const complete = result.events.at(-1)!;
        assert.equal(complete.type, 'complete');
        const text = joinedText(result.events);
        assert.equal(Buffer.byteLength(text), complete.bytes);
        assert.ok(text.startsWith('row,region,product,units,revenue\n1,us-east-1,'));
      });

      it('returns a buffered handler in one piece', async () => {
        const result = await run('buffered', { name: 'stream' }, way);
        assert.equal(JSON.parse(joinedText(result.events)).message, 'Hello, stream!');
      });

      it('cancels a slow stream mid-way', async () => {
        const controller = new AbortController();
        const result = await collect(
          invokeStreaming({ connection, functionName: 'token-stream' }, '{"delayMs": 200}', {
            ...way,
            signal: controller.signal,
          }),
          (event) => {
            if (event.type === 'chunk') controller.abort();
          },
        );
        assert.deepEqual(
          result.events.map((event) => event.type),
          ['started', 'chunk'],
        );
        assert.equal(result.failure?.code, 'Cancelled');
      });
    });
  }

  it('reports a timeout as Sandbox.Timedout in complete', async () => {
    const result = await run('timeout', {});
    assert.equal(joinedText(result.events).startsWith('working;'), true);
    assert.equal(result.events.at(-1)?.errorCode, 'Sandbox.Timedout');
  });

  it('classifies an unknown function', async () => {
    const result = await run('no-such-function', {});
    assert.equal(result.failure?.code, 'ResourceNotFoundException');
    assert.deepEqual(result.error?.classification.actions, [{ kind: 'chooseFunction' }, { kind: 'refreshFunctions' }]);
  });

  it('invokes buffered, with the function error surfaced', async () => {
    const ok = await collect(
      invokeBuffered({ connection, functionName: 'buffered' }, '{"name":"buffer"}', { logType: 'Tail' }),
    );
    assert.deepEqual(types(ok.events), ['started', 'chunk', 'complete']);
    assert.equal(JSON.parse(joinedText(ok.events)).message, 'Hello, buffer!');
    const failed = await collect(
      invokeBuffered({ connection, functionName: 'midstream-failure' }, '{"failAfter":1,"message":"nope"}'),
    );
    const complete = failed.events.at(-1)!;
    assert.equal(complete.functionError, 'Unhandled');
    assert.equal(complete.errorCode, 'Error');
    assert.equal(complete.errorDetails, 'nope');
  });

  it('lists functions, aliases and versions', async () => {
    const names: string[] = [];
    for await (const fn of listFunctions(connection, { pageSize: 2 })) names.push(fn.name);
    assert.ok(names.includes('token-stream') && names.includes('buffered'), names.join());
    const aliases: string[] = [];
    for await (const alias of listAliases(connection, 'token-stream'))
      aliases.push(`${alias.name}->${alias.functionVersion}`);
    assert.deepEqual(aliases.sort(), ['beta->$LATEST', 'live->2']);
    const versions: string[] = [];
    for await (const version of listVersions(connection, 'token-stream')) versions.push(version.version);
    assert.deepEqual(versions, ['$LATEST', '1', '2']);
    assert.equal(await getInvokeModeHint(connection, 'no-such-function'), undefined);
  });
});
