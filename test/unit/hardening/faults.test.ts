/**
 * Issue 9, "Faults", the cases the core and CLI suites did not cover yet: a first byte that never comes (cancel
 * still works while waiting, in the core and with Ctrl-C in the CLI), DNS failure, credentials that expire in the
 * middle of a session (the provider fails on refresh, or Lambda says the token expired), and the Local endpoint's
 * process killed while it streams. Ordering only: every wait is bounded by a generous safety timeout, never by a
 * timing threshold.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CredentialsProviderError } from '@smithy/core/config';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { disposeLambdaClients, getLambdaClient } from '../../../src/core/aws/client';
import type { InvokeTarget } from '../../../src/core/engine/events';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { collect, joinedText } from '../core/support/collect';
import {
  errorResponse,
  frames,
  startStreamServer,
  streamHeaders,
  type StreamServer,
} from '../core/support/streamServer';
import { cleanEnv, EMULATOR_MAIN, runCli, start, type Started, within } from './support';

const SSO_EXPIRED =
  'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.';
const UNRESOLVABLE = 'https://lambda-stream-test.invalid:9001';

/** Answers with stream headers and then nothing: the function "takes 60 s" before its first byte, for ever. */
function headersOnly(server: StreamServer): void {
  server.handle((_request, response) => {
    response.writeHead(200, streamHeaders());
    response.flushHeaders();
  });
}

/** A streaming answer: one chunk and InvokeComplete. */
function ok(server: StreamServer, text = 'ok'): void {
  server.handle((_request, response) => {
    response.writeHead(200, streamHeaders());
    response.end(Buffer.concat([frames.chunk(text), frames.complete()]));
  });
}

describe('hardening: faults on the way to Lambda', function () {
  this.timeout(30_000);
  let server: StreamServer;
  const target = (extra: Partial<InvokeTarget['connection']> = {}): InvokeTarget => ({
    connection: { kind: 'endpoint', endpoint: server.url, ...extra } as InvokeTarget['connection'],
    functionName: 'fn',
  });

  before(async () => (server = await startStreamServer()));
  after(async () => {
    await server.close();
    await disposeLambdaClients();
  });

  for (const decoder of ['direct', 'sdk'] as const) {
    it(`a first byte that never comes: the client keeps waiting and cancel ends it at once (${decoder} path)`, async () => {
      headersOnly(server);
      const client = await getLambdaClient(target().connection, 'invoke');
      const handler = client.config.requestHandler as unknown as {
        configProvider: Promise<{ requestTimeout: number; socketTimeout: number }>;
      };
      const timeouts = await handler.configProvider;
      assert.ok(
        timeouts.requestTimeout >= 60_000 && timeouts.socketTimeout >= 60_000,
        "a 60-second first byte is within the client's budget",
      );
      const controller = new AbortController();
      const closed = server.clientClosed();
      const requested = server.requests.length + 1;
      const order: string[] = [];
      const result = await within(
        10_000,
        'the cancelled invocation to settle',
        collect(invokeStreaming(target(), '{}', { decoder, signal: controller.signal }), async (event) => {
          order.push(event.type);
          if (event.type !== 'started') return;
          // Still waiting for the first byte after the server has the request and several turns of the event loop.
          await server.received(requested);
          for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
          order.push('cancel');
          controller.abort();
        }),
      );
      assert.deepEqual(order, ['started', 'cancel']);
      assert.deepEqual(result.failure, { code: 'Cancelled', category: 'cancelled' });
      assert.equal(result.error?.metrics?.bytes, 0);
      await within(10_000, 'the connection to close', closed);
    });
  }

  it('a first byte that never comes: Ctrl-C stops the CLI with exit code 130', async () => {
    headersOnly(server);
    const closed = server.clientClosed();
    const cli = start(
      path.join(__dirname, '../../../cli.js'),
      ['invoke', 'fn', '--endpoint', server.url, '--json'],
      cleanEnv(),
    );
    await within(15_000, 'the started line', cli.stdoutMatches(/"type":"started"/));
    cli.child.kill('SIGINT');
    const run = await within(15_000, 'the CLI to exit', cli.done);
    assert.equal(run.code, 130, run.stderr);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; code?: string });
    assert.deepEqual(
      lines.map((line) => line.type),
      ['started', 'error'],
    );
    assert.equal(lines[1].code, 'Cancelled');
    await within(10_000, 'the connection to close', closed);
  });

  it('DNS failure: an endpoint whose host does not resolve is HostNotFound (core and CLI)', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDHARDENINGDNS';
    process.env.AWS_SECRET_ACCESS_KEY = 'hardening-dns-secret';
    try {
      const result = await collect(
        invokeStreaming({ connection: { kind: 'endpoint', endpoint: UNRESOLVABLE }, functionName: 'fn' }, '{}'),
      );
      assert.deepEqual(result.events, []);
      assert.deepEqual(result.failure, { code: 'HostNotFound', category: 'network' });
      assert.equal(
        result.error?.message,
        `The host of ${UNRESOLVABLE} could not be found; check the address and your network.`,
      );
      assert.deepEqual(result.error?.classification.actions, [
        { kind: 'checkEndpoint', endpoint: UNRESOLVABLE },
        { kind: 'retry' },
      ]);
    } finally {
      for (const [key, value] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await disposeLambdaClients();
    }
    const run = await runCli(
      ['invoke', 'fn', '--endpoint', UNRESOLVABLE],
      cleanEnv({ AWS_ACCESS_KEY_ID: 'AKIDHARDENINGDNS', AWS_SECRET_ACCESS_KEY: 'hardening-dns-secret' }),
    );
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /^lambda-stream: The host of https:\/\/lambda-stream-test\.invalid:9001 could not be found; check the address and your network\.\n {2}HostNotFound\n/,
    );
  });

  it('credentials that expire mid-session: the refresh fails as an SSO sign-in problem, nothing is sent, and signing in again is enough', async () => {
    ok(server, 'first');
    let signedIn = true;
    const client = new LambdaClient({
      endpoint: server.url,
      region: 'us-east-1',
      maxAttempts: 1,
      // Short-lived credentials, as SSO hands out: the SDK asks the provider again before every request.
      credentials: async () => {
        if (!signedIn) throw new CredentialsProviderError(SSO_EXPIRED, { tryNextLink: false });
        return {
          accessKeyId: 'ASIAHARDENINGTEST01',
          secretAccessKey: 'short-lived',
          sessionToken: 'token',
          expiration: new Date(Date.now() + 1_000),
        };
      },
    });
    try {
      const sso = target({ profile: 'dev' });
      const first = await collect(invokeStreaming(sso, '{}', { client }));
      assert.equal(joinedText(first.events), 'first');
      const sent = server.requests.length;
      signedIn = false;
      const expired = await collect(invokeStreaming(sso, '{}', { client }));
      assert.deepEqual(expired.events, []);
      assert.deepEqual(expired.failure, { code: 'SsoSessionExpired', category: 'credentials' });
      assert.equal(
        expired.error?.message,
        "The SSO session for profile 'dev' has expired or is missing; sign in again.",
      );
      assert.deepEqual(expired.error?.classification.actions, [
        { kind: 'ssoLogin', profile: 'dev', command: 'aws sso login --profile dev' },
        { kind: 'selectProfile' },
      ]);
      assert.equal(server.requests.length, sent, 'nothing was sent with expired credentials');
      signedIn = true;
      ok(server, 'again');
      const again = await collect(invokeStreaming(sso, '{}', { client }));
      assert.equal(again.error, undefined, again.error?.message);
      assert.equal(joinedText(again.events), 'again');
    } finally {
      client.destroy();
    }
  });

  it('credentials that expire mid-session: Lambda answers ExpiredTokenException, classified with sign-in actions (core and CLI)', async () => {
    ok(server, 'first');
    const sso = target({ profile: 'dev' });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-expired-'));
    const files = {
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    };
    fs.writeFileSync(files.AWS_CONFIG_FILE, '[profile dev]\nregion = us-east-1\n');
    fs.writeFileSync(
      files.AWS_SHARED_CREDENTIALS_FILE,
      '[dev]\naws_access_key_id = ASIAHARDENINGTEST02\naws_secret_access_key = temp-secret\naws_session_token = temp-token\n',
    );
    const client = new LambdaClient({
      endpoint: server.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'ASIAHARDENINGTEST02', secretAccessKey: 's', sessionToken: 't' },
    });
    try {
      assert.equal(joinedText((await collect(invokeStreaming(sso, '{}', { client }))).events), 'first');
      server.handle(
        errorResponse(
          403,
          'ExpiredTokenException',
          '{"message":"The security token included in the request is expired"}',
        ),
      );
      const before = server.requests.length;
      const expired = await collect(invokeStreaming(sso, '{}', { client }));
      assert.deepEqual(expired.failure, { code: 'ExpiredTokenException', category: 'credentials' });
      assert.equal(expired.error?.message, 'The AWS credentials have expired; refresh them or sign in again.');
      assert.deepEqual(expired.error?.classification.actions, [
        { kind: 'ssoLogin', profile: 'dev', command: 'aws sso login --profile dev' },
        { kind: 'selectProfile' },
      ]);
      assert.equal(server.requests.length - before, 1, 'no automatic retry');
      const run = await runCli(
        ['invoke', 'fn', '--endpoint', server.url, '--profile', 'dev'],
        cleanEnv({ ...files, HOME: home }),
      );
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        /^lambda-stream: The AWS credentials have expired; refresh them or sign in again\.\n {2}ExpiredTokenException · HTTP 403/,
      );
      assert.match(run.stderr, /→ sign in: aws sso login --profile dev\n/);
      assert.match(run.stderr, /→ choose credentials with --profile NAME/);
    } finally {
      client.destroy();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('hardening: the Local endpoint process killed while streaming', function () {
  this.timeout(30_000);
  let dir: string;
  let endpoint: Started | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-killed-'));
    fs.writeFileSync(
      path.join(dir, 'hold.mjs'),
      `
      export const handler = awslambda.streamifyResponse(async (event, stream) => {
        stream.write('first');
        await new Promise(() => {});
      });`,
    );
    fs.writeFileSync(path.join(dir, 'lambda-stream.json'), '{"functions": {"hold": {"timeout": 60}}}');
  });
  afterEach(() => {
    if (endpoint?.child.exitCode === null) endpoint.child.kill('SIGKILL');
  });
  after(async () => {
    await disposeLambdaClients();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const decoder of ['direct', 'sdk'] as const) {
    it(`keeps what arrived, says the output is incomplete, then reports the endpoint as not running (${decoder} path)`, async () => {
      endpoint = start(EMULATOR_MAIN, ['--port', '0', '--functions', dir], cleanEnv());
      const [, url] = await within(
        15_000,
        'the endpoint to listen',
        endpoint.stdoutMatches(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/),
      );
      const target: InvokeTarget = { connection: { kind: 'endpoint', endpoint: url }, functionName: 'hold' };
      const exited = endpoint.done;
      const result = await within(
        15_000,
        'the broken stream to settle',
        collect(invokeStreaming(target, '{}', { decoder }), async (event) => {
          if (event.type === 'chunk') {
            endpoint!.child.kill('SIGKILL');
            await exited;
          }
        }),
      );
      assert.deepEqual(
        result.events.map((event) => event.type),
        ['started', 'chunk'],
      );
      assert.equal(joinedText(result.events), 'first');
      assert.ok(
        ['ConnectionReset', 'IncompleteStream', 'TruncatedStream'].includes(result.failure?.code ?? ''),
        JSON.stringify(result.failure),
      );
      assert.match(result.error?.message ?? '', /incomplete/);
      assert.equal(result.error?.metrics?.bytes, 5);
      const next = await collect(invokeStreaming(target, '{}', { decoder }));
      assert.deepEqual(next.failure, { code: 'ConnectionRefused', category: 'network' });
      assert.equal(next.error?.message, `The connection to ${url} was refused; is the endpoint running?`);
    });
  }
});
