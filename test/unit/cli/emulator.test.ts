/**
 * The CLI against the Local endpoint's samples: each streams with the right exit code, and `list` shows the
 * functions with their aliases and versions.
 */
import * as assert from 'node:assert/strict';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { runCli, startCli } from './support/runCli';

describe('lambda-stream against the Local endpoint', function () {
  this.timeout(30_000);
  let endpoint: LocalEndpoint;
  const invoke = (name: string, payload: string, ...extra: string[]) =>
    runCli(['invoke', name, '--endpoint', endpoint.url, '--payload', payload, ...extra]);

  before(async () => (endpoint = await startLocalEndpoint({ port: 0, onProblem: () => undefined, publishKeys: true })));
  after(() => endpoint.close());

  it('streams token-stream, the first word on stdout before the last is written', async () => {
    const cli = startCli([
      'invoke',
      'token-stream',
      '--endpoint',
      endpoint.url,
      '--qualifier',
      'live',
      '--payload',
      '{"delayMs": 50, "words": 8}',
    ]);
    await cli.stdoutIncludes('Response');
    assert.doesNotMatch(cli.stdoutSoFar(), /send its/);
    const result = await cli.done;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Response streaming lets a Lambda function send its\n');
  });

  it('exits 0 for ndjson-rows, http-response (prelude on stderr), buffered and big-report', async () => {
    const rows = await invoke('ndjson-rows', '{"rows": 3, "delayMs": 0}');
    assert.equal(rows.code, 0);
    assert.equal(rows.stdout.trim().split('\n').length, 3);
    const html = await invoke('http-response', '{"sections": ["A"]}');
    assert.equal(html.code, 0);
    assert.ok(html.stdout.startsWith('<!doctype html>'));
    assert.match(html.stderr, /^HTTP 200\nContent-Type: text\/html; charset=utf-8/);
    const buffered = await invoke('buffered', '{"name": "cli"}', '--buffered');
    assert.equal(buffered.code, 0);
    assert.equal(JSON.parse(buffered.stdout).message, 'Hello, cli!');
    const report = await invoke('big-report', '{"megabytes": 1}');
    assert.equal(report.code, 0);
    assert.ok(report.stdout.length >= 1024 * 1024);
  });

  it('exits 1 for midstream-failure and timeout, with the partial output and the log tail', async () => {
    const failure = await invoke('midstream-failure', '{"failAfter": 2}', '--log');
    assert.equal(failure.code, 1);
    assert.equal(failure.stdout, 'step 1 of 3 done\nstep 2 of 3 done\n');
    assert.match(failure.stderr, /failed after 2 chunks with Error/);
    assert.match(failure.stderr, /── log tail ──/);
    const timeout = await invoke('timeout', '{}');
    assert.equal(timeout.code, 1);
    assert.match(timeout.stderr, /timed out/);
  });

  it('lists functions with their aliases and versions', async () => {
    const result = await runCli(['list', '--endpoint', endpoint.url]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^token-stream {2}\(nodejs[^)]*\).*\n {2}aliases: {2}.*live → 2.*\n {2}versions: \$LATEST, 1, 2$/m,
    );
    const json = await runCli(['list', '--endpoint', endpoint.url, '--json']);
    const functions = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; versions: unknown[] });
    assert.ok(functions.some((fn) => fn.name === 'buffered'));
  });
});
