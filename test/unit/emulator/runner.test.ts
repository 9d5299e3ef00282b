/**
 * The handler runner's guarantees that the endpoint relies on: a host that cannot start becomes a function error on
 * every invocation path (never an unhandled rejection, never a reset stream), and a finished run leaves nothing
 * attached to the endpoint's long-lived signals.
 */
import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  ListFunctionsCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter, getEventListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ApiRequest, EndpointState } from '../../../src/emulator/api/apiRequest';
import { execute } from '../../../src/emulator/api/execute';
import type { InvocationRequest } from '../../../src/emulator/api/invocationRequest';
import { ConcurrencyLimiter } from '../../../src/emulator/concurrency';
import { FunctionRegistry } from '../../../src/emulator/registry';
import type { HostLauncher } from '../../../src/emulator/runner';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { json, makeClient, readStream, within } from './support';

/** A launcher whose spawn throws at once (as `fork` does for some errors). */
const throwingLauncher: HostLauncher = () => {
  throw new Error('spawn E2BIG');
};

/**
 * A launcher that behaves like `fork` under EMFILE: it returns a child without pid, stdio or IPC channel (so no
 * `send`), and reports the failure as an 'error' event on the next tick.
 */
const emfileLauncher: HostLauncher = () => {
  const child = new EventEmitter() as EventEmitter & Partial<ChildProcess>;
  Object.assign(child, { pid: undefined, stdout: null, stderr: null, connected: false, kill: () => false });
  process.nextTick(() =>
    child.emit(
      'error',
      Object.assign(new Error('spawn /usr/bin/node EMFILE'), { code: 'EMFILE', errno: -24, syscall: 'spawn' }),
    ),
  );
  return child as ChildProcess;
};

/** A temporary functions folder with a buffered `hello` and a streaming `streamer`, for the enclosing describe. */
function useFunctionsFolder(): () => string {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lambda-stream-runner-'));
    writeFileSync(path.join(dir, 'hello.mjs'), 'export const handler = async () => "hi";');
    writeFileSync(
      path.join(dir, 'streamer.mjs'),
      'export const handler = awslambda.streamifyResponse(async (event, stream) => stream.end("hi"));',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

describe('emulator: a handler host that cannot start', function () {
  this.timeout(30_000);
  const folder = useFunctionsFolder();

  for (const [label, launchHost] of [
    ['a spawn that throws', throwingLauncher],
    ['a spawn that fails with EMFILE', emfileLauncher],
  ] as const) {
    describe(label, () => {
      let endpoint: LocalEndpoint;
      let client: LambdaClient;
      const logs: string[] = [];
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => rejections.push(reason);
      before(async () => {
        process.on('unhandledRejection', onRejection);
        endpoint = await startLocalEndpoint({
          functionsDir: folder(),
          launchHost,
          onInvocationLog: (text) => logs.push(text),
          onProblem: () => undefined,
        });
        client = makeClient(endpoint.url, 'us-east-1', endpoint.sessionKeys);
      });
      after(async () => {
        process.off('unhandledRejection', onRejection);
        client.destroy();
        await endpoint.close();
      });

      it('answers Invoke with a Runtime.StartError function error', async () => {
        const output = await client.send(new InvokeCommand({ FunctionName: 'hello', Payload: json({}) }));
        assert.equal(output.StatusCode, 200);
        assert.equal(output.FunctionError, 'Unhandled');
        const error = JSON.parse(Buffer.from(output.Payload ?? []).toString('utf8')) as {
          errorType: string;
          errorMessage: string;
        };
        assert.equal(error.errorType, 'Runtime.StartError');
        assert.match(error.errorMessage, /^The handler process could not be started: spawn /);
      });

      it('ends InvokeWithResponseStream with InvokeComplete carrying the error, not a reset', async () => {
        const output = await client.send(
          new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', LogType: 'Tail' }),
        );
        const result = await readStream(output);
        assert.deepEqual(result.events, ['InvokeComplete']);
        assert.equal(result.complete?.ErrorCode, 'Runtime.StartError');
        assert.match(
          Buffer.from(result.complete?.LogResult ?? '', 'base64').toString(),
          /Error: The handler process could not be started/,
        );
      });

      it('answers Event with 202, logs the failure and keeps serving, with no unhandled rejection', async () => {
        logs.length = 0;
        const output = await client.send(
          new InvokeCommand({ FunctionName: 'hello', InvocationType: 'Event', Payload: json({}) }),
        );
        assert.equal(output.StatusCode, 202);
        await within(
          10_000,
          'the Event run to end',
          (async () => {
            while (!logs.join('').includes('Error Type: Runtime.StartError'))
              await new Promise((resolve) => setTimeout(resolve, 20));
          })(),
        );
        const listed = await client.send(new ListFunctionsCommand({}));
        assert.deepEqual(
          listed.Functions?.map((fn) => fn.FunctionName),
          ['hello', 'streamer'],
        );
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(rejections, []);
      });
    });
  }
});

/** How many signals `AbortSignal.any` still tracks for `signal` (a Node internal), or undefined where not visible. */
function dependantSignals(signal: AbortSignal): number | undefined {
  const key = Object.getOwnPropertySymbols(signal).find((symbol) => symbol.description === 'kDependantSignals');
  return key === undefined
    ? undefined
    : ((signal as unknown as Record<symbol, Set<unknown> | undefined>)[key]?.size ?? 0);
}

describe('emulator: a finished run leaves nothing on the endpoint signal', function () {
  this.timeout(30_000);
  const folder = useFunctionsFolder();

  it('adds no listener and no dependant signal per invocation to the closing signal', async () => {
    const closing = new AbortController();
    const registry = new FunctionRegistry(folder(), () => undefined);
    const endpoint: EndpointState = {
      registry,
      limiter: new ConcurrencyLimiter(),
      accountId: '123456789012',
      closing: closing.signal,
      background: new Set(),
      report: () => undefined,
      maxProcesses: 4,
      passAwsCredentials: false,
      maxQueuedEvents: 10,
      urlToken: 'token',
      baseUrl: 'http://127.0.0.1:1',
    };
    const request = {
      requestId: 'r-1',
      scope: { region: 'us-east-1', accountId: '123456789012' },
      endpoint,
    } as ApiRequest;
    const entry = registry.get('hello');
    assert.ok(entry);
    const invocation: InvocationRequest = {
      target: { entry, version: '$LATEST' },
      invocationType: 'RequestResponse',
      tail: false,
      payload: '{}',
    };
    for (let run = 0; run < 3; run++) {
      const client = new AbortController();
      const { outcome } = await execute(request, invocation, () => undefined, client.signal);
      assert.equal(outcome.ok, true);
      assert.equal(getEventListeners(client.signal, 'abort').length, 0, 'the per-request signal is released too');
    }
    assert.equal(getEventListeners(closing.signal, 'abort').length, 0);
    const dependants = dependantSignals(closing.signal);
    if (dependants !== undefined) assert.equal(dependants, 0);
  });
});
