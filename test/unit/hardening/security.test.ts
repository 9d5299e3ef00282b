/**
 * Issue 9, "Security", below the VS Code layer. The Local endpoint listens on 127.0.0.1 only (its address, and a
 * connection to every other address of this machine is refused). No secret reaches any output: the CLI and the
 * Local endpoint run with known fake credentials (environment and a profile) through successful invocations,
 * `--log`, `--json`, `--buffered`, `list`, `serve --logs` and the error paths, including Lambda's
 * InvalidSignatureException, whose message quotes the canonical request with the session token in it; every byte
 * they print is searched for the secrets and for the Authorization and x-amz-security-token values actually sent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { redactSecrets } from '../../../src/core/errors/redaction';
import { startLocalEndpoint } from '../../../src/emulator/server';
import {
  errorResponse,
  frames,
  type Handler,
  startStreamServer,
  streamHeaders,
  type StreamServer,
} from '../core/support/streamServer';
import { rawRequest } from '../emulator/support';
import { cleanEnv, CLI, limited, type Run, runCli, start, type Started, within } from './support';

/** Every address of this machine's interfaces that is not loopback, in a form `net.connect` takes. */
function externalAddresses(): string[] {
  return Object.entries(os.networkInterfaces()).flatMap(([name, infos]) =>
    (infos ?? [])
      .filter((info) => !info.internal)
      .map((info) =>
        info.family === 'IPv6' && info.address.startsWith('fe80:') ? `${info.address}%${name}` : info.address,
      ),
  );
}

/** The error code of a TCP connection attempt, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.setTimeout(10_000, () => {
      socket.destroy();
      resolve('timeout');
    });
  });
}

describe('hardening: the Local endpoint listens on loopback only', function () {
  this.timeout(30_000);

  it('binds 127.0.0.1, and refuses connections to every other address of this machine', async function () {
    const endpoint = await startLocalEndpoint({ onProblem: () => undefined, publishKeys: true });
    try {
      assert.equal(endpoint.address.address, '127.0.0.1');
      assert.equal(endpoint.address.family, 'IPv4');
      assert.equal(await tryConnect('127.0.0.1', endpoint.port), 'connected');
      const others = externalAddresses();
      if (others.length === 0) {
        // Nothing to try on a machine without a non-loopback interface; the address check above still holds.
        this.test!.title += ' (no non-loopback interface here: only the bound address was checked)';
        return;
      }
      for (const host of others) {
        assert.ok(
          ['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH', 'EINVAL'].includes(
            await tryConnect(host, endpoint.port),
          ),
          host,
        );
      }
      const foreign = await rawRequest(endpoint.url, {
        path: '/2015-03-31/functions',
        headers: { Host: `attacker.example:${endpoint.port}` },
      });
      assert.equal(foreign.status, 403, 'a rebound host name is refused');
    } finally {
      await endpoint.close();
    }
  });
});

const SECRETS = {
  envAccessKeyId: 'AKIAHARDENINGENV00001',
  envSecret: 'hardening/Env+Secret/Key=0123456789abcdefXYZ',
  envToken: 'FwoGZXIvYXdzHardeningEnvSessionToken+/0123456789abcdefghijklmnop==',
  profileAccessKeyId: 'ASIAHARDENINGPROFILE1',
  profileSecret: 'hardening-profile-secret-0123456789abcdefXYZ',
  profileToken: 'IQoJb3JpZ2luX2VjHardeningProfileSessionToken/0123456789+abcdefghij=',
};

/** Builds Lambda's InvalidSignatureException, which quotes the canonical request, headers and session token included. */
const invalidSignature: Handler = (request, response) => {
  const canonical = [
    'POST',
    request.url.split('?')[0],
    '',
    `host:${request.headers.host}`,
    `x-amz-date:${request.headers['x-amz-date']}`,
    `x-amz-security-token:${request.headers['x-amz-security-token']}`,
    '',
    'host;x-amz-date;x-amz-security-token',
    'e3b0c442',
  ].join('\n');
  const message =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
    `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
    `The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${request.headers['x-amz-date']}\n20250101/us-east-1/lambda/aws4_request\nabc'\n` +
    `Authorization: ${request.headers.authorization}\n`;
  return errorResponse(403, 'InvalidSignatureException', JSON.stringify({ message }))(
    request,
    response,
    undefined as never,
  );
};

describe('hardening: no secret in any output', function () {
  this.timeout(90_000);
  let home: string;
  let functions: string;
  let env: NodeJS.ProcessEnv;
  let emulator: Started;
  let emulatorUrl: string;
  let server: StreamServer;
  const runs: Array<{ label: string; run: Run }> = [];

  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-secrets-'));
    fs.writeFileSync(
      path.join(home, 'config'),
      '[profile hardening]\nregion = us-east-1\n\n[profile broken]\nregion = us-east-1\n',
    );
    fs.writeFileSync(
      path.join(home, 'credentials'),
      [
        '[hardening]',
        `aws_access_key_id = ${SECRETS.profileAccessKeyId}`,
        `aws_secret_access_key = ${SECRETS.profileSecret}`,
        `aws_session_token = ${SECRETS.profileToken}`,
        '',
        '[broken]',
        `aws_access_key_id = ${SECRETS.profileAccessKeyId}`,
        `aws_session_token = ${SECRETS.profileToken}`,
        '',
      ].join('\n'),
    );
    env = cleanEnv({
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
      AWS_ACCESS_KEY_ID: SECRETS.envAccessKeyId,
      AWS_SECRET_ACCESS_KEY: SECRETS.envSecret,
      AWS_SESSION_TOKEN: SECRETS.envToken,
      AWS_REGION: 'us-east-1',
    });
    functions = path.join(home, 'functions');
    fs.mkdirSync(functions);
    fs.writeFileSync(
      path.join(functions, 'hello.mjs'),
      `
      export const handler = awslambda.streamifyResponse(async (event, stream, context) => {
        console.log('invoked', context.functionName, JSON.stringify(event));
        stream.write('hello ');
        stream.end('world');
      });`,
    );
    fs.writeFileSync(
      path.join(functions, 'fails.mjs'),
      `
      export const handler = awslambda.streamifyResponse(async (event, stream) => {
        stream.write('partial');
        throw new Error('boom');
      });`,
    );
    fs.writeFileSync(path.join(functions, 'slow.mjs'), 'export const handler = () => new Promise(() => {});');
    fs.writeFileSync(path.join(functions, 'lambda-stream.json'), '{"functions": {"slow": {"timeout": 1}}}');
    emulator = start(CLI, ['serve', '--logs', '--functions', functions], env);
    [, emulatorUrl] = await within(
      15_000,
      'the endpoint to listen',
      emulator.stdoutMatches(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/),
    );
    server = await startStreamServer();
  });
  after(async () => {
    if (emulator?.child.exitCode === null) emulator.child.kill('SIGKILL');
    await server?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('runs the CLI and the endpoint through successes and failures with fake credentials, and none of them prints a secret', async () => {
    const local = ['--endpoint', emulatorUrl];
    const fake = ['--endpoint', server.url];
    const againstEmulator: Array<[string, string[]]> = [
      ['stream with --log', ['invoke', 'hello', ...local, '--log', '--payload', '{"a":1}']],
      ['stream with --json --log', ['invoke', 'hello', ...local, '--json', '--log']],
      ['buffered with --log', ['invoke', 'hello', ...local, '--buffered', '--log']],
      ['function error with --log', ['invoke', 'fails', ...local, '--log']],
      ['function error with --json', ['invoke', 'fails', ...local, '--json', '--log']],
      ['timeout with --log', ['invoke', 'slow', ...local, '--log']],
      ['unknown function', ['invoke', 'missing', ...local]],
      ['unknown function with --json', ['invoke', 'missing', ...local, '--json']],
      ['invalid name', ['invoke', 'bad name!', ...local]],
      ['invalid payload', ['invoke', 'hello', ...local, '--payload', '{"a":']],
      ['list', ['list', ...local]],
      ['list with --json', ['list', ...local, '--json']],
      ['profile credentials with --log', ['invoke', 'hello', ...local, '--profile', 'hardening', '--log']],
      ['profile without a secret key', ['invoke', 'hello', ...local, '--profile', 'broken']],
      ['missing profile', ['invoke', 'hello', ...local, '--profile', 'nobody']],
      ['connection refused', ['invoke', 'hello', '--endpoint', 'http://127.0.0.1:9']],
      ['host not found', ['invoke', 'hello', '--endpoint', 'https://lambda-stream-secrets.invalid:9001']],
    ];
    const emulatorRuns = await limited(
      4,
      againstEmulator.map(
        ([, args]) =>
          () =>
            runCli(args, env),
      ),
    );
    emulatorRuns.forEach((run, index) => runs.push({ label: againstEmulator[index][0], run }));

    // Error answers that echo what was sent, as AWS does, one server behaviour at a time.
    const againstServer: Array<[string, Handler, string[]]> = [
      ['InvalidSignatureException, environment credentials', invalidSignature, ['invoke', 'fn', ...fake]],
      ['InvalidSignatureException with --json', invalidSignature, ['invoke', 'fn', ...fake, '--json']],
      [
        'InvalidSignatureException, profile credentials',
        invalidSignature,
        ['invoke', 'fn', ...fake, '--profile', 'hardening'],
      ],
      ['InvalidSignatureException, list', invalidSignature, ['list', ...fake, '--profile', 'hardening']],
      [
        'UnrecognizedClientException',
        errorResponse(
          403,
          'UnrecognizedClientException',
          '{"message":"The security token included in the request is invalid."}',
        ),
        ['invoke', 'fn', ...fake],
      ],
      [
        'ExpiredTokenException with --json',
        errorResponse(
          403,
          'ExpiredTokenException',
          '{"message":"The security token included in the request is expired"}',
        ),
        ['invoke', 'fn', ...fake, '--json'],
      ],
      [
        'success against the fake server',
        (_request, response) => {
          response.writeHead(200, streamHeaders());
          response.end(
            Buffer.concat([
              frames.chunk('fine'),
              frames.complete({ LogResult: Buffer.from('START\nEND\n').toString('base64') }),
            ]),
          );
        },
        ['invoke', 'fn', ...fake, '--log', '--json'],
      ],
    ];
    for (const [label, handler, args] of againstServer) {
      server.handle(handler);
      runs.push({ label, run: await runCli(args, env) });
    }
    emulator.child.kill('SIGTERM');
    const serve = await within(15_000, 'the endpoint to stop', emulator.done);
    runs.push({ label: 'serve --logs', run: serve });

    // The runs did what they say (so the search below covers real output), then the search itself.
    const byLabel = Object.fromEntries(runs.map(({ label, run }) => [label, run]));
    assert.equal(byLabel['stream with --log'].code, 0, byLabel['stream with --log'].stderr);
    assert.equal(byLabel['stream with --log'].stdout, 'hello world');
    assert.match(byLabel['stream with --log'].stderr, /INFO\tinvoked hello \{"a":1\}/);
    assert.equal(byLabel['profile credentials with --log'].code, 0, byLabel['profile credentials with --log'].stderr);
    assert.equal(byLabel['function error with --log'].code, 1);
    assert.equal(byLabel['timeout with --log'].code, 1);
    assert.equal(byLabel['list'].code, 0, byLabel['list'].stderr);
    assert.match(serve.stdout, /START RequestId: .*\n[\s\S]*INFO\tinvoked hello/);
    assert.equal(byLabel['connection refused'].code, 3);
    assert.equal(byLabel['host not found'].code, 3);
    for (const label of ['InvalidSignatureException, profile credentials', 'InvalidSignatureException, list']) {
      assert.equal(byLabel[label].code, 3, label);
      assert.match(
        byLabel[label].stderr,
        /AWS rejected the request signature; the secret key of these credentials is probably wrong\./,
        label,
      );
      assert.match(
        byLabel[label].stderr,
        /x-amz-security-token:\[redacted\]/,
        `${label}: the canonical request is shown with the token masked`,
      );
    }
    assert.equal(JSON.parse(byLabel['InvalidSignatureException with --json'].stdout).code, 'InvalidSignatureException');

    const sentTokens = server.requests.map((request) => String(request.headers['x-amz-security-token']));
    const sentAuthorizations = server.requests.map((request) => String(request.headers.authorization));
    assert.ok(sentTokens.includes(SECRETS.profileToken), 'the profile named with --profile signed requests');
    assert.ok(
      !sentTokens.includes(SECRETS.envToken) &&
        !sentAuthorizations.some((value) => value.includes(SECRETS.envAccessKeyId)),
      'the environment’s credentials never go to a loopback endpoint unasked',
    );
    const forbidden = [
      ...Object.values(SECRETS),
      ...sentAuthorizations,
      ...sentAuthorizations.map((value) => /Signature=([0-9a-f]+)/.exec(value)?.[1] ?? 'no signature'),
    ];
    for (const { label, run } of runs) {
      const output = `${run.stdout}\n${run.stderr}`;
      for (const secret of forbidden)
        assert.ok(!output.includes(secret), `${label} printed a secret: …${secret.slice(0, 12)}…\n${output}`);
      assert.doesNotMatch(output, /x-amz-security-token\s*[:=]\s*(?!\[redacted\])[^\s'"]/i, label);
      assert.doesNotMatch(output, /Credential=(?!\[redacted\])|Signature=[0-9a-f]{8}/, label);
    }
  });

  it('masks the secrets an error text may carry before it is shown', () => {
    const saved = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = SECRETS.envSecret;
    try {
      const text = [
        `x-amz-security-token:${SECRETS.envToken}`,
        `https://h/?X-Amz-Security-Token=${encodeURIComponent(SECRETS.envToken)}&X-Amz-Date=1`,
        `Authorization: AWS4-HMAC-SHA256 Credential=${SECRETS.envAccessKeyId}/20250101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=${'ab'.repeat(32)}`,
        `aws_secret_access_key = ${SECRETS.profileSecret}`,
        `AWS_SESSION_TOKEN=${SECRETS.profileToken}`,
        `{"AccessKeyId":"${SECRETS.profileAccessKeyId}","SecretAccessKey":"${SECRETS.profileSecret}","SessionToken":"${SECRETS.profileToken}"}`,
        `the key ${SECRETS.profileAccessKeyId} and the secret ${SECRETS.envSecret} in prose`,
        'Check your AWS Secret Access Key and signing method.',
      ].join('\n');
      const masked = redactSecrets(text);
      for (const secret of Object.values(SECRETS))
        assert.ok(!masked.includes(secret) && !masked.includes(encodeURIComponent(secret)), secret);
      assert.match(masked, /Check your AWS Secret Access Key and signing method\./, 'ordinary prose is left alone');
      assert.match(masked, /^x-amz-security-token:\[redacted\]$/m);
    } finally {
      if (saved === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved;
    }
  });
});
