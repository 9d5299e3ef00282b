import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseParameterOverrides } from '../../../src/emulator/serve';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { copyProject, projectFixture } from '../project/fixtures';
import { json, makeClient, readStream, within } from './support';

/** The endpoint checks a project's files at most once a second; an edit is seen after this. */
const EDIT_SEEN_MS = 1_100;

async function serveProject(project: string, options: Parameters<typeof startLocalEndpoint>[0] = {}) {
  const problems: string[] = [];
  const endpoint = await startLocalEndpoint({
    project,
    onProblem: (problem) => problems.push(problem),
    publishKeys: true,
    ...options,
  });
  return { endpoint, client: makeClient(endpoint.url), problems };
}

async function stream(client: LambdaClient, name: string, payload: unknown = {}, qualifier?: string) {
  const output = await client.send(
    new InvokeWithResponseStreamCommand({ FunctionName: name, Payload: json(payload), Qualifier: qualifier }),
  );
  return { output, ...(await readStream(output)) };
}

describe('emulator: serving a project', function () {
  this.timeout(60_000);
  const opened: { endpoint: LocalEndpoint; client: LambdaClient }[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const { endpoint, client } of opened.splice(0)) {
      client.destroy();
      await endpoint.close();
    }
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  const open = async (project: string, options?: Parameters<typeof startLocalEndpoint>[0]) => {
    const served = await serveProject(project, options);
    opened.push(served);
    return served;
  };

  it('runs a SAM function by logical ID and by its AutoPublishAlias, with Globals, layers and intrinsics', async () => {
    const dir = projectFixture('sam-globals');
    const { client, problems } = await open(dir, { projectOptions: { envVarsFile: path.join(dir, 'env.json') } });
    const result = await stream(client, 'StreamFunction');
    assert.equal(result.complete?.ErrorCode, undefined, result.text);
    const [greeting, variables, where] = result.text.split('\n');
    assert.equal(greeting, 'hello, from the shared layer');
    assert.equal(
      variables,
      'STAGE=from-env-vars SHARED_FROM_GLOBALS=yes LOG_LEVEL=debug MODE=relaxed JOINED=a-dev-c TABLE_NAME=orders-local SHARED_TOPIC=- OPTIONAL=-',
    );
    assert.equal(where, `cwd=${path.join(dir, 'src')} handler=stream.handler`);
    assert.ok(result.chunks.length >= 2, 'streamed in parts');
    const viaAlias = await stream(client, 'StreamFunction', {}, 'live');
    assert.equal(viaAlias.output.ExecutedVersion, '1');
    assert.equal(viaAlias.text, result.text);
    assert.ok(
      problems.some((line) => line.includes('SHARED_TOPIC: Fn::ImportValue')),
      problems.join('\n'),
    );
  });

  it('reports the template’s settings in the control plane', async () => {
    const { client } = await open(projectFixture('sam-globals'));
    const listed = await client.send(new ListFunctionsCommand({}));
    assert.deepEqual(listed.Functions?.map((fn) => fn.FunctionName).sort(), ['BufferedFunction', 'StreamFunction']);
    const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'StreamFunction' }));
    assert.equal(configuration.Timeout, 8);
    assert.equal(configuration.MemorySize, 512);
    assert.equal(configuration.Runtime, 'nodejs22.x');
    assert.equal(configuration.Handler, 'stream.handler');
    assert.equal(configuration.Description, 'Streams a hello in us-east-1');
    assert.deepEqual(configuration.Architectures, ['arm64']);
    assert.equal(configuration.Environment?.Variables?.GREETING, 'hello');
    const buffered = await client.send(
      new InvokeCommand({ FunctionName: 'BufferedFunction', Payload: json({ a: 1 }) }),
    );
    assert.deepEqual(JSON.parse(Buffer.from(buffered.Payload ?? []).toString()), { ok: true, echo: { a: 1 } });
  });

  it('keeps to the template’s timeout, and applies an edited template to the next invocation', async () => {
    const copy = copyProject('sam-globals');
    cleanups.push(copy.remove);
    writeFileSync(
      path.join(copy.dir, 'src', 'nested', 'buffered.mjs'),
      'export const handlers = { main: () => new Promise((resolve) => setTimeout(() => resolve("late"), 2500)) };\n',
    );
    const { client } = await open(copy.dir);
    const first = await client.send(new InvokeCommand({ FunctionName: 'BufferedFunction' }));
    assert.equal(first.FunctionError, 'Unhandled');
    assert.match(Buffer.from(first.Payload ?? []).toString(), /Task timed out after 2\.00 seconds/);
    const template = path.join(copy.dir, 'template.yaml');
    writeFileSync(template, readFileSync(template, 'utf8').replace('Timeout: 2\n', 'Timeout: 4\n'));
    await new Promise((resolve) => setTimeout(resolve, EDIT_SEEN_MS));
    const second = await client.send(new InvokeCommand({ FunctionName: 'BufferedFunction' }));
    assert.equal(second.FunctionError, undefined);
    assert.equal(Buffer.from(second.Payload ?? []).toString(), '"late"');
  });

  it('runs TypeScript without a build: bundled with its package, source-mapped, rebuilt on change', async () => {
    const copy = copyProject('sam-typescript');
    cleanups.push(copy.remove);
    const { client } = await open(copy.dir);
    const hello = await stream(client, 'HelloFunction', { words: ['a', 'bb'] });
    assert.equal(hello.text, '.....A\n....BB\n');
    const failed = await stream(client, 'HelloFunction', { fail: true });
    assert.equal(failed.complete?.ErrorCode, 'Error');
    const log = await client.send(
      new InvokeCommand({ FunctionName: 'HelloFunction', Payload: json({ fail: true }), LogType: 'Tail' }),
    );
    const tail = Buffer.from(log.LogResult ?? '', 'base64').toString();
    const source = readFileSync(path.join(copy.dir, 'hello', 'app.ts'), 'utf8').split('\n');
    const throwLine = source.findIndex((line) => line.includes("throw new Error('failed on purpose')")) + 1;
    assert.ok(
      tail.includes(`${path.join(copy.dir, 'hello', 'app.ts')}:${throwLine}:`),
      `the trace names .ts line ${throwLine}:\n${tail}`,
    );

    const shout = path.join(copy.dir, 'hello', 'lib', 'shout.ts');
    writeFileSync(shout, readFileSync(shout, 'utf8').replace('toUpperCase()', "toUpperCase() + '!'"));
    assert.equal(
      (await stream(client, 'HelloFunction', { words: ['x'] })).text,
      '....X!\n',
      'an imported file changed',
    );

    writeFileSync(path.join(copy.dir, 'hello', 'plain.ts'), 'export const handler = async ( => 1;\n');
    const syntax = await client.send(new InvokeCommand({ FunctionName: 'PlainTsFunction' }));
    const body = JSON.parse(Buffer.from(syntax.Payload ?? []).toString()) as {
      errorType: string;
      errorMessage: string;
    };
    assert.equal(body.errorType, 'Runtime.UserCodeSyntaxError');
    assert.equal(body.errorMessage, 'SyntaxError: plain.ts:1:32: Unexpected "=>"');

    const app = path.join(copy.dir, 'hello', 'app.ts');
    writeFileSync(app, readFileSync(app, 'utf8').replace("from 'tiny-pad'", "from 'not-installed'"));
    const missing = await stream(client, 'HelloFunction');
    assert.equal(missing.complete?.ErrorCode, 'Runtime.ImportModuleError');
    assert.match(
      missing.complete?.ErrorDetails ?? '',
      /Cannot find module 'not-installed' \(imported at app\.ts:1:\d+\): run npm install not-installed in /,
    );
  });

  it('runs a .aws-sam/build folder, a CDK cloud assembly (by alias) and a serverless.yml', async () => {
    const built = await open(path.join(projectFixture('aws-sam-build'), '.aws-sam', 'build'));
    assert.equal((await stream(built.client, 'StreamFn', {}, 'live')).text, 'built output');
    const cdk = await open(projectFixture('cdk'));
    const fromCdk = await stream(cdk.client, 'StreamFn6A5D4E3F', {}, 'live');
    assert.equal(fromCdk.text, 'from cdk yes');
    assert.equal(fromCdk.output.ExecutedVersion, '1');
    const sls = await open(projectFixture('serverless'));
    assert.equal((await stream(sls.client, 'stream')).text, 'hi stage=dev secret=-');
    const buffered = await sls.client.send(new InvokeCommand({ FunctionName: 'buffered' }));
    assert.deepEqual(JSON.parse(Buffer.from(buffered.Payload ?? []).toString()), { only: 'fallback' });
  });

  it('serve --project prints the functions it serves, and the problems on stderr', async () => {
    const main = path.join(__dirname, '../../../emulator/main.js');
    const child = fork(main, ['--port', '0', '--project', projectFixture('sam-globals')], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const url = await within(
      10_000,
      'listening',
      new Promise<string>((resolve) =>
        child.on('message', (message: { url?: string }) => message.url && resolve(message.url)),
      ),
    );
    const client = makeClient(url);
    try {
      assert.equal((await stream(client, 'StreamFunction')).text.split('\n')[0], 'hello, from the shared layer');
      await within(
        5_000,
        'the summary',
        (async () => {
          while (!stderr.includes('StreamFunction  (')) await new Promise((resolve) => setTimeout(resolve, 50));
        })(),
      );
      assert.match(
        stderr,
        /2 functions:\n {2}BufferedFunction {2}\(nested\/buffered\.handlers\.main · 2 s · 256 MB\)\n {2}StreamFunction {2}\(stream\.handler · 8 s · 512 MB · RESPONSE_STREAM · aliases live\)/,
      );
      assert.match(
        stderr,
        /template\.yaml:68:\d+: warning: Resources\.StreamFunction\.Properties\.Environment\.Variables\.SHARED_TOPIC/,
      );
    } finally {
      client.destroy();
      child.kill('SIGTERM');
    }
  });
});

describe('emulator: serve --parameter-overrides', () => {
  it('reads both of SAM’s forms, with quotes', () => {
    assert.deepEqual(parseParameterOverrides('Stage=prod Name="a b" Empty='), {
      Stage: 'prod',
      Name: 'a b',
      Empty: '',
    });
    assert.deepEqual(
      parseParameterOverrides('ParameterKey=Stage,ParameterValue=prod ParameterKey=T,ParameterValue=9'),
      {
        Stage: 'prod',
        T: '9',
      },
    );
    assert.throws(
      () => parseParameterOverrides('Stage'),
      /--parameter-overrides: cannot read 'Stage' \(write Key=Value\)/,
    );
  });
});
