import { GetFunctionConfigurationCommand, InvokeCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseManifest } from '../../../src/core/rules/manifest';
import { type Fixture, manifest, startFixture } from './support';

describe('emulator: manifest', () => {
  it('reads every setting', () => {
    const parsed = parseManifest(
      `// comments and trailing commas are fine
      {"functions": {"echo": {
        "description": "d", "timeout": 900, "memorySize": 10240, "runtime": "nodejs22.x",
        "environment": {"A_B": "1"}, "reservedConcurrency": 0, "versions": ["2", "1", "2"],
        "aliases": {"live": "2", "beta": {"version": "$LATEST", "description": "x"}},
        "streaming": false, "tenantIsolation": true,
      }}}`,
      'm.json',
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.functions.get('echo'), {
      description: 'd',
      timeout: 900,
      memorySize: 10240,
      runtime: 'nodejs22.x',
      environment: { A_B: '1' },
      reservedConcurrency: 0,
      versions: ['1', '2'],
      aliases: { live: { version: '2' }, beta: { version: '$LATEST', description: 'x' } },
      streaming: false,
      tenantIsolation: true,
    });
  });

  it('reports each wrong setting with its line, column and what was expected, keeping the rest', () => {
    const text = [
      '{"functions": {',
      '  "echo": {',
      '    "timeout": "5",',
      '    "memorySize": 64,',
      '    "timout": 3,',
      '    "environment": {"1BAD": "x"},',
      '    "versions": [1],',
      '    "aliases": {"live": "7"},',
      '    "description": "kept"',
      '  },',
      '  "other": 5',
      '}}',
    ].join('\n');
    const parsed = parseManifest(text, 'lambda-stream.json');
    assert.deepEqual(parsed.problems, [
      'lambda-stream.json:3:16: functions.echo.timeout must be an integer from 1 to 900, not "5"',
      'lambda-stream.json:4:19: functions.echo.memorySize must be an integer from 128 to 10240, not 64',
      'lambda-stream.json:5:15: functions.echo.timout is not a setting (expected one of description, runtime, timeout, memorySize, reservedConcurrency, streaming, tenantIsolation, urlAuthType, environment, versions, aliases)',
      'lambda-stream.json:6:20: functions.echo.environment .1BAD must be a string under a name matching ^[a-zA-Z]([a-zA-Z0-9_])+$',
      'lambda-stream.json:7:17: functions.echo.versions must be an array of version numbers as strings, e.g. ["1", "2"], not an array',
      'lambda-stream.json:2:11: functions.echo.aliases.live points at version 7, which is not in "versions"',
      'lambda-stream.json:11:12: functions.other must be an object of settings, not 5',
    ]);
    assert.deepEqual(parsed.functions.get('echo'), { description: 'kept', aliases: {} });
    // The same problems with their place: each covers the value it is about (what an editor squiggles).
    assert.equal(parsed.located.length, parsed.problems.length);
    const covered = parsed.located.map((problem) => text.slice(problem.offset, problem.offset + problem.length));
    assert.deepEqual(covered.slice(0, 5), ['"5"', '64', '3', '{"1BAD": "x"}', '[1]']);
    assert.deepEqual(covered[6], '5');
    assert.deepEqual(
      parsed.located.map((problem) => [problem.line, problem.column]),
      [
        [3, 16],
        [4, 19],
        [5, 15],
        [6, 20],
        [7, 17],
        [2, 11],
        [11, 12],
      ],
    );
  });

  it('reports broken JSON and a wrong top level', () => {
    assert.deepEqual(parseManifest('{"functions": {', 'm.json').problems, [
      'm.json:1:16: not valid JSON (CloseBraceExpected)',
    ]);
    assert.match(
      parseManifest('[]', 'm.json').problems[0],
      /^m\.json:1:1: the manifest must be an object with a "functions" object/,
    );
  });
});

describe('emulator: functions folder changes', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture({ 'first.mjs': 'export const handler = async () => "v1";' });
  });
  after(() => fixture.close());

  const names = async () =>
    (await fixture.client.send(new ListFunctionsCommand({}))).Functions?.map((fn) => fn.FunctionName);
  const result = async (name: string) =>
    Buffer.from((await fixture.client.send(new InvokeCommand({ FunctionName: name }))).Payload ?? []).toString();

  it('serves an edited handler on the next invocation', async () => {
    assert.equal(await result('first'), '"v1"');
    fixture.write('first.mjs', 'export const handler = async () => "v2";');
    assert.equal(await result('first'), '"v2"');
  });

  it('picks up added files and manifest edits without a restart', async () => {
    fixture.write('second.cjs', 'exports.handler = async () => "second";');
    assert.deepEqual(await names(), ['first', 'second']);
    fixture.write('lambda-stream.json', manifest({ second: { timeout: 42 } }));
    const configuration = await fixture.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'second' }));
    assert.equal(configuration.Timeout, 42);
  });

  it('reports manifest problems and names without a handler file once', async () => {
    fixture.write('lambda-stream.json', manifest({ first: { timeout: 0 }, ghost: {} }));
    await names();
    await names();
    assert.deepEqual(
      fixture.problems.filter((problem) => problem.includes('timeout') || problem.includes('ghost')),
      [
        `${path.join(fixture.dir, 'lambda-stream.json')}:4:18: functions.first.timeout must be an integer from 1 to 900, not 0; that setting is ignored`,
        `${path.join(fixture.dir, 'lambda-stream.json')}: functions.ghost has no handler file (ghost.mjs, ghost.cjs or ghost.js)`,
      ],
    );
  });
});
