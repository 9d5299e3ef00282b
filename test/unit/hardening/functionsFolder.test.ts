/**
 * Issue 9, "Bad input" in the workspace functions folder: a handler with a syntax error (in its own file, in a
 * CommonJS file, or in a module it imports) does not hide the other functions, and invoking it says which file and
 * line are wrong, through the core and the CLI. A manifest with wrong types gets one precise problem per setting
 * (line, column, what was expected, what was found) and the functions are still served.
 */
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import type { InvokeTarget } from '../../../src/core/engine/events';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { parseManifest } from '../../../src/core/rules/manifest';
import { collect, joinedText } from '../core/support/collect';
import { type Fixture, startFixture } from '../emulator/support';
import { cleanEnv, runCli } from './support';

const WRONG_TYPES = `{
  "functions": {
    "good": {
      "description": 5,
      "runtime": true,
      "timeout": 2.5,
      "memorySize": "512",
      "reservedConcurrency": -1,
      "streaming": "yes",
      "tenantIsolation": 1,
      "environment": "A=1",
      "versions": "1",
      "aliases": ["live"]
    },
    "other": {
      "environment": {"GOOD": "x", "BAD": 1},
      "versions": ["1", 2],
      "aliases": {"123": "1"}
    },
    "third": {
      "aliases": {"live": 2}
    },
    "fourth": null
  }
}`;

describe('hardening: a functions folder with broken code or a mistyped manifest', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  const target = (functionName: string): InvokeTarget => ({
    connection: { kind: 'endpoint', endpoint: fixture.endpoint.url },
    functionName,
  });

  before(async () => {
    fixture = await startFixture({
      'good.mjs':
        'export const handler = awslambda.streamifyResponse(async (event, stream) => { stream.end("good"); });',
      'broken.mjs': 'export const handler = async () => {\n  const ok = 1;\n  return ok +;\n};\n',
      'brokencjs.cjs': 'exports.handler = async () => {\n  return 1;\n}}\n',
      'importsbroken.mjs': 'import { helper } from "./lib/helper.mjs";\nexport const handler = async () => helper();\n',
      'other.mjs': 'export const handler = async () => "other";',
      'third.mjs': 'export const handler = async () => "third";',
      'fourth.mjs': 'export const handler = async () => "fourth";',
    });
    fs.mkdirSync(path.join(fixture.dir, 'lib'));
    fixture.write('lib/helper.mjs', 'export const helper = () => {\n  return (1;\n};\n');
  });
  after(async () => {
    await disposeLambdaClients();
    await fixture.close();
  });

  it('lists every function, and the sound ones still run', async () => {
    const listed = await fixture.client.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      listed.Functions?.map((fn) => fn.FunctionName),
      ['broken', 'brokencjs', 'fourth', 'good', 'importsbroken', 'other', 'third'],
    );
    assert.equal(joinedText((await collect(invokeStreaming(target('good'), '{}'))).events), 'good');
  });

  it('names the file and line of a syntax error: in the handler, in a CommonJS handler, and in a module it imports', async () => {
    const cases: Array<[string, RegExp]> = [
      ['broken', /^SyntaxError: Unexpected token ';' \(broken\.mjs:3\)$/],
      ['brokencjs', /^SyntaxError: Unexpected token '}' \(brokencjs\.cjs:3\)$/],
      [
        'importsbroken',
        new RegExp(
          `^SyntaxError: Unexpected token ';' \\(${['lib', 'helper\\.mjs'].join(path.sep === '\\' ? '\\\\' : '/')}:2\\)$`,
        ),
      ],
    ];
    for (const [name, details] of cases) {
      const result = await collect(invokeStreaming(target(name), '{}', { logType: 'Tail' }));
      assert.equal(result.error, undefined, result.error?.message);
      const complete = result.events.at(-1)!;
      assert.equal(complete.errorCode, 'Runtime.UserCodeSyntaxError', name);
      assert.match(String(complete.errorDetails), details, name);
      const log = complete.log as { kind: string; text: string };
      assert.match(
        log.text,
        /ERROR\tRuntime\.UserCodeSyntaxError: SyntaxError: .*:\d+\)\n/,
        `${name}: the log says it too`,
      );
    }
  });

  it('shows the syntax error with its file and line in the CLI, exit code 1', async () => {
    const run = await runCli(['invoke', 'broken', '--endpoint', fixture.endpoint.url], cleanEnv());
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /The function failed with Runtime\.UserCodeSyntaxError: SyntaxError: Unexpected token ';' \(broken\.mjs:3\)\./,
    );
  });

  it('reports each mistyped manifest setting precisely and keeps serving every function', async () => {
    const parsed = parseManifest(WRONG_TYPES, 'lambda-stream.json');
    assert.deepEqual(parsed.problems, [
      'lambda-stream.json:4:22: functions.good.description must be a string of at most 256 characters, not 5',
      'lambda-stream.json:5:18: functions.good.runtime must be a string of at most 64 characters, not true',
      'lambda-stream.json:6:18: functions.good.timeout must be an integer from 1 to 900, not 2.5',
      'lambda-stream.json:7:21: functions.good.memorySize must be an integer from 128 to 10240, not "512"',
      'lambda-stream.json:8:30: functions.good.reservedConcurrency must be an integer from 0 to 1000, not -1',
      'lambda-stream.json:9:20: functions.good.streaming must be true or false, not "yes"',
      'lambda-stream.json:10:26: functions.good.tenantIsolation must be true or false, not 1',
      'lambda-stream.json:11:22: functions.good.environment must be an object of string values, not "A=1"',
      'lambda-stream.json:12:19: functions.good.versions must be an array of version numbers as strings, e.g. ["1", "2"], not "1"',
      'lambda-stream.json:13:18: functions.good.aliases must be an object mapping alias names to versions, not an array',
      'lambda-stream.json:16:22: functions.other.environment .BAD must be a string under a name matching ^[a-zA-Z]([a-zA-Z0-9_])+$',
      'lambda-stream.json:17:19: functions.other.versions must be an array of version numbers as strings, e.g. ["1", "2"], not an array',
      'lambda-stream.json:18:18: functions.other.aliases .123: an alias name must match (?!^[0-9]+$)([a-zA-Z0-9-_]+) and be at most 128 characters',
      'lambda-stream.json:21:18: functions.third.aliases .live must be a version ("2" or "$LATEST") or {"version": "2", "description": "…"}',
      'lambda-stream.json:23:15: functions.fourth must be an object of settings, not null',
    ]);
    fixture.write('lambda-stream.json', WRONG_TYPES);
    const listed = await fixture.client.send(new ListFunctionsCommand({}));
    assert.equal(listed.Functions?.length, 7, 'a mistyped manifest hides no function');
    const good = listed.Functions?.find((fn) => fn.FunctionName === 'good');
    assert.equal(good?.Timeout, 3, "a wrong setting falls back to Lambda's default");
    assert.equal(joinedText((await collect(invokeStreaming(target('good'), '{}'))).events), 'good');
    assert.ok(
      fixture.problems.some((problem) =>
        problem.endsWith('functions.good.timeout must be an integer from 1 to 900, not 2.5; that setting is ignored'),
      ),
      fixture.problems.join('\n'),
    );
  });
});
