/**
 * `lambda-stream run` as a child process: every invocation of a file (or the named ones) streamed in order, the
 * exit code of the first failure, an environment chosen with --env, problems listed with file:line:column and
 * nothing sent, and `@connection local` served by an endpoint started for the run.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { runCli } from './support/runCli';

const FILE = [
  '@word = streamed',
  '# @connection local',
  '',
  '### echo',
  'INVOKE echo',
  '{ "word": "{{word}}", "stage": "{{stage}}" }',
  '',
  '### through the URL',
  'POST echo /a/b?c=1',
  'x-test: yes',
  '',
  '{ "n": 1 }',
  '',
  '### fails',
  'INVOKE fails',
  '',
].join('\n');

const HANDLERS = {
  'echo.mjs': `export const handler = awslambda.streamifyResponse(async (event, stream) => {
    stream.write('event=');
    stream.end(JSON.stringify(event.requestContext ? { path: event.rawPath, query: event.rawQueryString, header: event.headers['x-test'], body: event.body } : event) + '\\n');
  });`,
  'fails.mjs': `export const handler = awslambda.streamifyResponse(async (event, stream) => { stream.write('partial\\n'); throw new Error('on purpose'); });`,
};

describe('lambda-stream run', function () {
  this.timeout(60_000);
  let dir: string;
  let functions: string;
  let endpoint: LocalEndpoint;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-run-'));
    functions = path.join(dir, 'functions');
    fs.mkdirSync(functions);
    for (const [name, text] of Object.entries(HANDLERS)) fs.writeFileSync(path.join(functions, name), text);
    fs.writeFileSync(path.join(dir, 'smoke.invoke'), FILE);
    fs.writeFileSync(
      path.join(dir, 'lambda-stream.env.json'),
      JSON.stringify({ $shared: { stage: 'shared' }, prod: { stage: 'prod' } }),
    );
    endpoint = await startLocalEndpoint({ functionsDir: functions, onProblem: () => undefined, publishKeys: true });
  });
  after(async () => {
    await endpoint.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = () => path.join(dir, 'smoke.invoke');

  it('runs every invocation in order, streams each, and exits with the first failure', async () => {
    const result = await runCli(['run', file(), '--local', endpoint.url, '--env', 'prod']);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stdout,
      'event={"word":"streamed","stage":"prod"}\n' +
        'event={"path":"/a/b","query":"c=1","header":"yes","body":"{ \\"n\\": 1 }"}\n' +
        'partial\n',
    );
    assert.match(result.stderr, /── echo · echo on Local · inline \(\d+ bytes\)\n── completed/);
    assert.match(result.stderr, /── through the URL · POST echo on Local/);
    assert.match(result.stderr, /failed after 1 chunk with Error: on purpose/);
    assert.match(result.stderr, /── run: 2 succeeded, 1 failed \(fails\)\n$/);
  });

  it('runs only the named invocations, and a Local endpoint of its own when none is given', async () => {
    const result = await runCli(['run', file(), 'echo', '--functions', functions]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'event={"word":"streamed","stage":"shared"}\n');
    assert.match(result.stderr, /starting a Local endpoint for /);
    assert.match(result.stderr, /── run: 1 succeeded, 0 failed\n$/);
  });

  it('lists problems with file:line:column and sends nothing; names unknown invocations and environments', async () => {
    const broken = path.join(dir, 'broken.invoke');
    fs.writeFileSync(broken, '### one\nINVOKE echo\n{"a": {{missing}}}\n### two\n# @log loud\nINVOKE echo\n');
    const result = await runCli(['run', broken, '--local', endpoint.url]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /broken\.invoke has problems, so nothing was sent:\n/);
    assert.match(result.stderr, /broken\.invoke:3:7: \{\{missing\}\} is not defined/);
    assert.match(result.stderr, /broken\.invoke:5:8: @log takes tail or none/);
    const unknown = await runCli(['run', file(), 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /has no invocation named 'nope'; it has 'echo', 'through the URL', 'fails'/);
    const env = await runCli(['run', file(), '--env', 'staging']);
    assert.equal(env.code, 2);
    assert.match(env.stderr, /there is no environment 'staging': the environments are prod/);
  });
});
