import {
  GetFunctionUrlConfigCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  ListFunctionsCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { samplesDir } from '../../../src/emulator/paths';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { makeClient, readStream } from './support';

const SAMPLES = [
  'big-report',
  'buffered',
  'http-response',
  'midstream-failure',
  'ndjson-rows',
  'sse-events',
  'timeout',
  'token-stream',
];

describe('emulator: bundled samples', function () {
  this.timeout(60_000);
  let endpoint: LocalEndpoint;
  let client: LambdaClient;
  const problems: string[] = [];
  before(async () => {
    endpoint = await startLocalEndpoint({ onProblem: (problem) => problems.push(problem), publishKeys: true });
    client = makeClient(endpoint.url);
  });
  after(async () => {
    client.destroy();
    await endpoint.close();
  });

  const payload = (name: string) => readFileSync(path.join(samplesDir(), 'payloads', `${name}.json`));
  const stream = async (name: string) =>
    readStream(await client.send(new InvokeWithResponseStreamCommand({ FunctionName: name, Payload: payload(name) })));

  it('serves every sample, each with a payload file, and a manifest without problems', async () => {
    const listed = (await client.send(new ListFunctionsCommand({}))).Functions?.map((fn) => fn.FunctionName);
    assert.deepEqual(listed, SAMPLES);
    assert.deepEqual(
      readdirSync(path.join(samplesDir(), 'payloads')).sort(),
      SAMPLES.map((name) => `${name}.json`),
    );
    assert.deepEqual(problems, []);
  });

  it('streams every sample as documented', async () => {
    const [tokens, rows, web, report, failure, timeout, buffered] = await Promise.all(
      ['token-stream', 'ndjson-rows', 'http-response', 'big-report', 'midstream-failure', 'timeout', 'buffered'].map(
        stream,
      ),
    );

    assert.ok(tokens.chunks.length > 20, 'one chunk per word');
    assert.match(tokens.text, /^Response streaming lets a Lambda function/);
    assert.deepEqual(tokens.complete, {});

    const lines = rows.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, 200);
    assert.equal(lines[199].id, 200);

    const all = Buffer.concat(web.chunks);
    const end = all.indexOf(Buffer.alloc(8));
    assert.equal(JSON.parse(all.subarray(0, end).toString()).statusCode, 200);
    assert.match(all.subarray(end + 8).toString(), /^<!doctype html>/);

    const reportBytes = Buffer.concat(report.chunks);
    assert.ok(reportBytes.length >= 30 * 1024 * 1024);
    assert.ok(reportBytes.subarray(0, 40).toString().startsWith('row,region,product,units,revenue\n'));
    assert.deepEqual(report.complete, {});

    assert.equal(failure.text.trim().split('\n').length, 3);
    assert.equal(failure.complete?.ErrorCode, 'Error');
    assert.match(failure.complete?.ErrorDetails ?? '', /went away/);

    assert.match(timeout.text, /^working; \d+ ms left\n$/);
    assert.equal(timeout.complete?.ErrorCode, 'Sandbox.Timedout');
    assert.match(timeout.complete?.ErrorDetails ?? '', /Task timed out after 2\.00 seconds/);

    assert.equal(JSON.parse(buffered.text).message, 'Hello, Lambda Stream!');
  });

  it('returns the buffered sample through Invoke', async () => {
    const output = await client.send(new InvokeCommand({ FunctionName: 'buffered', Payload: payload('buffered') }));
    assert.equal(JSON.parse(Buffer.from(output.Payload ?? []).toString()).functionName, 'buffered');
  });

  it('gives streaming samples a RESPONSE_STREAM function URL', async () => {
    const url = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'token-stream' }));
    assert.equal(url.InvokeMode, 'RESPONSE_STREAM');
    await assert.rejects(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'buffered' })), {
      name: 'ResourceNotFoundException',
    });
  });
});
