/**
 * Issue 9's stream faults, through the real extension: a loopback server configured as a custom endpoint answers
 * each invocation with a crafted event stream or error (the same server the core's tests use), and each case checks
 * what a person gets: the output that arrived (in the output file and the response document), the sentence and
 * buttons of the notification, and that exactly one request was sent (no automatic re-invoke). The extension host
 * stays the same process throughout.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import type { FunctionTarget } from '../../src/extension/targets';
import {
  errorResponse,
  frames,
  gate,
  startStreamServer,
  streamHeaders,
  type StreamServer,
  writeBytewise,
} from '../unit/core/support/streamServer';
import {
  activateExtension,
  bodyOf,
  closeAllEditors,
  finalText,
  openPayload,
  outputBytes,
  run,
} from './support/invoking';

const FAULTS = 'fault-server';
const REFUSING = 'refusing-endpoint';
const UNRESOLVABLE = 'unresolvable-endpoint';

function on(name: string): FunctionTarget {
  return { connection: { kind: 'custom', name }, functionName: 'fn' };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Runs `body` with (fake) static credentials in the environment the extension's AWS SDK reads. */
async function withFakeCredentials<T>(body: () => Promise<T>): Promise<T> {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKEFAKE';
  process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-for-the-dns-test';
  try {
    return await body();
  } finally {
    restore('AWS_ACCESS_KEY_ID', saved.id);
    restore('AWS_SECRET_ACCESS_KEY', saved.secret);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe('stream faults: each broken response keeps what arrived and says what happened', function () {
  this.timeout(120_000);
  let server: StreamServer;
  const hostPid = process.pid;

  /** Invokes `fn` on the fault server and returns the summary, checking one request was sent for it. */
  async function invokeOnce(target = on(FAULTS)): Promise<InvocationSummary> {
    const before = server.requests.length;
    const summary = await run('invoke', target);
    assert.ok(summary, 'nothing was sent');
    if (target.connection.kind === 'custom' && target.connection.name === FAULTS)
      assert.equal(server.requests.length, before + 1, 'exactly one request');
    return summary;
  }

  before(async () => {
    await activateExtension();
    server = await startStreamServer();
    const port = await closedPort();
    await vscode.workspace.getConfiguration('lambdaStream').update(
      'customEndpoints',
      [
        { name: FAULTS, endpoint: server.url },
        { name: REFUSING, endpoint: `http://127.0.0.1:${port}` },
        { name: UNRESOLVABLE, endpoint: 'https://lambda-stream-test.invalid:9001' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await openPayload('{ "fault": true }');
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('lambdaStream')
      .update('customEndpoints', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
    await closeAllEditors();
  });

  it('frames split across 1-byte TCP writes, with a 4-byte character split across chunks, arrive whole', async () => {
    const emoji = Buffer.from('🎉', 'utf8');
    server.handle(async (_request, response) => {
      response.writeHead(200, streamHeaders());
      await writeBytewise(
        response,
        Buffer.concat([
          frames.chunk('party '),
          frames.chunk(emoji.subarray(0, 2)),
          frames.chunk(emoji.subarray(2)),
          frames.chunk(' time\n'),
          frames.complete(),
        ]),
      );
      response.end();
    });
    const summary = await invokeOnce();
    assert.equal(summary.outcome, 'completed');
    assert.equal(summary.chunks, 4);
    assert.equal(outputBytes(summary).toString('utf8'), 'party 🎉 time\n');
    assert.equal(bodyOf(await finalText(summary)), 'party 🎉 time\n');
  });

  const broken: [string, () => Uint8Array[], string, RegExp, string[]][] = [
    [
      'a CRC mismatch',
      () => [frames.chunk('kept\n'), frames.corrupt(frames.chunk('lost'))],
      'StreamChecksumMismatch',
      /^The response was corrupted in transit \(checksum mismatch\); the output so far is incomplete\.$/,
      ['Retry'],
    ],
    [
      'an exception frame',
      () => [
        frames.chunk('kept\n'),
        frames.exception('ServiceException', '{"message":"the service failed mid-stream"}'),
      ],
      'ServiceException',
      /^Lambda had an internal error; trying again usually works; the output stopped early\.$/,
      ['Retry'],
    ],
    [
      'a truncated last frame',
      () => [frames.chunk('kept\n'), frames.chunk('cut').subarray(0, 9)],
      'TruncatedStream',
      /^The response was cut off in the middle of a message; the output so far is incomplete\.$/,
      ['Retry'],
    ],
    [
      'a body that ends without InvokeComplete',
      () => [frames.chunk('kept\n')],
      'IncompleteStream',
      /^The response ended without Lambda's completion message; the output may be incomplete\.$/,
      ['Retry'],
    ],
  ];
  for (const [what, body, code, sentence, buttons] of broken) {
    it(`${what}: the output before it stays, "${code}", ${buttons.join(' / ')}`, async () => {
      server.handle((_request, response) => {
        response.writeHead(200, streamHeaders());
        response.end(Buffer.concat(body()));
      });
      const summary = await invokeOnce();
      assert.equal(summary.outcome, 'failed');
      assert.equal(summary.errorCode, code);
      assert.equal(outputBytes(summary).toString('utf8'), 'kept\n');
      assert.ok(summary.notice);
      assert.match(summary.notice.message, sentence);
      assert.deepEqual(summary.notice.buttons, buttons);
      const text = await finalText(summary);
      assert.equal(bodyOf(text), 'kept\n');
      assert.match(text, /^\/\/ ── failed: /m);
    });
  }

  it('a socket reset mid-stream keeps the output and says the connection dropped', async () => {
    server.handle(async (_request, response, socket) => {
      response.writeHead(200, streamHeaders());
      response.write(frames.chunk('kept\n'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.resetAndDestroy();
    });
    const summary = await invokeOnce();
    assert.equal(summary.errorCode, 'ConnectionReset');
    assert.equal(outputBytes(summary).toString('utf8'), 'kept\n');
    assert.match(
      summary.notice!.message,
      /^The connection dropped during the response; the output so far is incomplete, and fn may have kept running\.$/,
    );
    assert.deepEqual(summary.notice!.buttons, ['Retry']);
  });

  it('a first byte that takes 60 s: Cancel works while waiting, at once', async () => {
    const release = gate();
    server.handle(async (_request, response) => {
      response.writeHead(200, streamHeaders());
      response.flushHeaders();
      await Promise.race([release.promise, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      response.end(Buffer.concat([frames.chunk('too late'), frames.complete()]));
    });
    const running = invokeOnce();
    await server.received(server.requests.length + 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    assert.equal(await run<boolean>('cancelInvocation'), true);
    const summary = await running;
    release.open();
    assert.equal(summary.outcome, 'cancelled');
    assert.equal(summary.bytes, 0);
    assert.ok(Date.now() - started < 10_000, 'the cancel settled long before the first byte');
  });

  it('HTTP 429 with Retry-After is not re-invoked: one request, and the button says when to retry', async () => {
    server.handle(
      errorResponse(
        429,
        'TooManyRequestsException',
        '{"message":"Rate exceeded","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}',
        { 'retry-after': '7' },
      ),
    );
    const summary = await invokeOnce();
    assert.equal(summary.errorCode, 'TooManyRequestsException');
    assert.deepEqual(summary.notice!.buttons, ['Retry in 7 s']);
  });

  it('a 5xx is reported once (no retry), with Retry', async () => {
    server.handle(errorResponse(503, undefined, ''));
    const summary = await invokeOnce();
    assert.equal(summary.outcome, 'failed');
    assert.ok(summary.notice!.buttons.includes('Retry'), summary.notice!.buttons.join());
  });

  it('a non-JSON error body says the endpoint did not answer like Lambda', async () => {
    server.handle((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body>Bad Gateway</body></html>');
    });
    const summary = await invokeOnce();
    assert.equal(summary.errorCode, 'InvalidErrorResponse');
    assert.match(
      summary.notice!.message,
      /^The endpoint answered with HTTP 502 and a body \(text\/html\) that is not a Lambda error response\.$/,
    );
  });

  it('an endpoint that refuses connections: "refused; is the endpoint running?" with Open Settings and Retry', async () => {
    const summary = await invokeOnce(on(REFUSING));
    assert.equal(summary.errorCode, 'ConnectionRefused');
    assert.match(
      summary.notice!.message,
      /^The connection to http:\/\/127\.0\.0\.1:\d+ was refused; is the endpoint running\?$/,
    );
    assert.deepEqual(summary.notice!.buttons, ['Open Settings', 'Retry']);
  });

  it('DNS failure: the host could not be found', async () => {
    // A non-loopback endpoint is signed with real credentials, so without any the request would stop before DNS.
    const summary = await withFakeCredentials(() => invokeOnce(on(UNRESOLVABLE)));
    assert.equal(summary.errorCode, 'HostNotFound');
    assert.match(
      summary.notice!.message,
      /^The host of https:\/\/lambda-stream-test\.invalid:9001 could not be found; check the address and your network\.$/,
    );
  });

  it("credentials that expired mid-session: Lambda's ExpiredTokenException is a credentials failure, not a retry", async () => {
    server.handle(
      errorResponse(
        403,
        'ExpiredTokenException',
        '{"message":"The security token included in the request is expired"}',
      ),
    );
    const summary = await invokeOnce();
    assert.equal(summary.errorCode, 'ExpiredTokenException');
    assert.equal(summary.notice!.message, 'The AWS credentials have expired; refresh them or sign in again.');
    assert.ok(!summary.notice!.buttons.includes('Retry'), summary.notice!.buttons.join());
  });

  it("after all of them the extension host is the same process and the fault server's next good stream arrives", async () => {
    assert.equal(process.pid, hostPid);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
    server.handle((_request, response) => {
      response.writeHead(200, streamHeaders());
      response.end(Buffer.concat([frames.chunk('fine\n'), frames.complete()]));
    });
    const summary = await invokeOnce();
    assert.equal(summary.outcome, 'completed');
    assert.equal(outputBytes(summary).toString('utf8'), 'fine\n');
  });
});
