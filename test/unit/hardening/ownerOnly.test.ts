/**
 * The Local endpoint answers only its owner and survives its handlers: SigV4 with the session keys (AWS's own
 * known-answer vector for the signer, AWS's 403s for everything else), the keys file only the user can read, the
 * host protocol out of the handler's reach, a global cap on handler processes, names that are data, and handlers
 * that get placeholder credentials and none of the developer's environment unless asked.
 */
import { InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readLocalKeys, writeLocalKeys } from '../../../src/core/aws/localKeys';
import { canonicalRequest, signCanonical, signedHeaders } from '../../../src/core/aws/sigv4';
import { type LocalEndpoint, type LocalEndpointOptions, startLocalEndpoint } from '../../../src/emulator/server';
import { PLACEHOLDER_HANDLER_CREDENTIALS } from '../../../src/emulator/runner';
import { json, makeClient, rawRequest, readStream } from '../emulator/support';

const LIST = '/2015-03-31/functions';

describe('hardening: SigV4 against AWS’s known answer', () => {
  it('signs the get-vanilla request of the SigV4 test suite exactly as AWS does', () => {
    const request = {
      method: 'GET',
      path: '/',
      query: '',
      headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    };
    const canonical = canonicalRequest(request, ['host', 'x-amz-date']);
    assert.equal(
      canonical,
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const signature = signCanonical(canonical, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830T123600Z', {
      date: '20150830',
      region: 'us-east-1',
      service: 'service',
    });
    assert.equal(signature, '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    const headers = signedHeaders(
      { method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {} },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      { region: 'us-east-1', service: 'service' },
      new Date('2015-08-30T12:36:00Z'),
    );
    assert.match(
      headers.authorization,
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/service\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });
});

describe('hardening: only the owner gets into the Local endpoint', function () {
  this.timeout(60_000);
  let dir: string;
  const endpoints: LocalEndpoint[] = [];
  const clients: LambdaClient[] = [];
  const start = async (options: LocalEndpointOptions = {}) => {
    const endpoint = await startLocalEndpoint({ functionsDir: dir, onProblem: () => undefined, ...options });
    endpoints.push(endpoint);
    return endpoint;
  };
  const client = (url: string, keys?: { accessKeyId: string; secretAccessKey: string }) => {
    const made = makeClient(url, 'us-east-1', keys);
    clients.push(made);
    return made;
  };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lambda-stream-owner-'));
    writeFileSync(
      path.join(dir, 'env.mjs'),
      `export const handler = async () => {
        const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'LAMBDA_STREAM_TEST_TOKEN', 'PATH'];
        return Object.fromEntries(names.map((name) => [name, process.env[name] ?? null]));
      };`,
    );
    writeFileSync(
      path.join(dir, 'ipc.mjs'),
      `export const handler = async () => {
        if (process.send) process.send('ready');
        return { send: typeof process.send, disconnect: typeof process.disconnect };
      };`,
    );
    writeFileSync(
      path.join(dir, 'slow.mjs'),
      'export const handler = () => new Promise((resolve) => setTimeout(() => resolve("done"), 1500));',
    );
    writeFileSync(
      path.join(dir, 'echo.mjs'),
      'export const handler = awslambda.streamifyResponse(async (event, stream) => stream.end("echo"));',
    );
    writeFileSync(
      path.join(dir, 'lambda-stream.json'),
      '{"functions": {"echo": {"aliases": {"constructor": "$LATEST", "__proto__": "$LATEST"}}}}',
    );
  });
  after(async () => {
    for (const made of clients) made.destroy();
    for (const endpoint of endpoints) await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers an unsigned request, other keys, a wrong secret, a changed body and a stale date with AWS’s 403s', async () => {
    const endpoint = await start();
    const keys = endpoint.sessionKeys!;
    const unsigned = await rawRequest(endpoint.url, { path: LIST, unsigned: true });
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');

    const other = await client(endpoint.url, { accessKeyId: 'AKIDSOMEONEELSE00001', secretAccessKey: 'x'.repeat(40) })
      .send(new InvokeCommand({ FunctionName: 'echo' }))
      .catch((error: Error) => error);
    assert.equal((other as Error).name, 'UnrecognizedClientException');
    assert.equal((other as Error).message, 'The security token included in the request is invalid.');

    const wrongSecret = await client(endpoint.url, { accessKeyId: keys.accessKeyId, secretAccessKey: 'not-the-secret' })
      .send(new InvokeCommand({ FunctionName: 'echo' }))
      .catch((error: Error) => error);
    assert.equal((wrongSecret as Error).name, 'InvalidSignatureException');
    assert.match((wrongSecret as Error).message, /^The request signature we calculated does not match/);

    const host = new URL(endpoint.url).host;
    const invocations = '/2015-03-31/functions/env/invocations';
    const signed = signedHeaders({ method: 'POST', host, path: invocations, headers: {}, body: '{"a":1}' }, keys, {
      region: 'us-east-1',
      service: 'lambda',
    });
    const tampered = await rawRequest(endpoint.url, {
      method: 'POST',
      path: invocations,
      headers: signed,
      body: '{"a":2}',
      unsigned: true,
    });
    assert.equal(tampered.status, 403);
    assert.match(tampered.body, /x-amz-content-sha256' header does not match/);

    const stale = signedHeaders(
      { method: 'GET', host, path: LIST, headers: {} },
      keys,
      { region: 'us-east-1', service: 'lambda' },
      new Date(Date.now() - 20 * 60_000),
    );
    const expired = await rawRequest(endpoint.url, { path: LIST, headers: stale, unsigned: true });
    assert.equal(expired.status, 403);
    assert.match(expired.body, /Signature expired: \d{8}T\d{6}Z is now earlier than/);

    const owner = await client(endpoint.url, keys).send(new InvokeWithResponseStreamCommand({ FunctionName: 'echo' }));
    assert.equal((await readStream(owner)).text, 'echo');
  });

  it('publishes the keys 0600 in a 0700 folder for the same user’s CLI, and removes them when it stops', async () => {
    const endpoint = await start({ publishKeys: true });
    assert.ok(endpoint.keysFile);
    assert.equal(statSync(endpoint.keysFile).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(endpoint.keysFile)).mode & 0o777, 0o700);
    assert.equal(readLocalKeys(endpoint.url)?.secretAccessKey, endpoint.sessionKeys?.secretAccessKey);
    const answer = await client(endpoint.url).send(new InvokeCommand({ FunctionName: 'ipc' }));
    assert.equal(answer.StatusCode, 200);
    await endpoint.close();
    endpoints.splice(endpoints.indexOf(endpoint), 1);
    assert.equal(readLocalKeys(endpoint.url), undefined);
  });

  it('ignores and removes keys left by an endpoint that was killed, so a new server on its port gets no stale keys', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    assert.ok(gone);
    const url = 'http://127.0.0.1:1';
    const file = writeLocalKeys(1, {
      accessKeyId: 'LSLOCALSTALE',
      secretAccessKey: 'stale',
      url,
      pid: gone,
      urlToken: 'stale',
    });
    assert.ok(existsSync(file));
    assert.equal(readLocalKeys(url), undefined);
    assert.ok(!existsSync(file), 'the stale keys file is removed');
    const live = writeLocalKeys(1, {
      accessKeyId: 'LSLOCALLIVE',
      secretAccessKey: 's',
      url,
      pid: process.pid,
      urlToken: 't',
    });
    try {
      assert.equal(readLocalKeys(url)?.accessKeyId, 'LSLOCALLIVE');
    } finally {
      rmSync(live, { force: true });
    }
  });

  it('accepts unsigned requests only when started without auth (serve --no-auth)', async () => {
    const open = await start({ sessionKeys: false });
    assert.equal((await rawRequest(open.url, { path: LIST, unsigned: true })).status, 200);
  });

  it('hides the host protocol from handler code, which behaves as on Lambda when it checks for process.send', async () => {
    const endpoint = await start();
    const answer = await client(endpoint.url, endpoint.sessionKeys).send(new InvokeCommand({ FunctionName: 'ipc' }));
    assert.equal(answer.FunctionError, undefined);
    assert.deepEqual(JSON.parse(Buffer.from(answer.Payload ?? []).toString()), {
      send: 'undefined',
      disconnect: 'undefined',
    });
  });

  it('fails the invocation, not the endpoint, when a handler process sends a malformed message', async () => {
    const fake = path.join(dir, 'fake-host.cjs');
    writeFileSync(
      fake,
      "process.once('message', () => { process.send({ type: 'chunk', data: 'not bytes' }); process.send({ type: 'result', maxRssKb: 'x' }); });",
    );
    const endpoint = await start({
      launchHost: ({ cwd, env }) =>
        fork(fake, [], { cwd, env, serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }),
    });
    const sdk = client(endpoint.url, endpoint.sessionKeys);
    const answer = await sdk.send(new InvokeCommand({ FunctionName: 'echo' }));
    assert.equal(answer.FunctionError, 'Unhandled');
    assert.match(Buffer.from(answer.Payload ?? []).toString(), /"errorType":"Runtime.Unknown".*does not understand/);
    assert.equal(
      (await rawRequest(endpoint.url, { path: LIST, headers: {}, unsigned: true })).status,
      403,
      'still serving',
    );
  });

  it('caps handler processes over all functions: 429 for a synchronous invocation past it, Event queue bounded', async () => {
    const endpoint = await start({ maxConcurrency: 1, maxQueuedEvents: 1 });
    const sdk = client(endpoint.url, endpoint.sessionKeys);
    const first = sdk.send(new InvokeCommand({ FunctionName: 'slow' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await sdk.send(new InvokeCommand({ FunctionName: 'env' })).catch((error: Error) => error);
    assert.equal((second as Error).name, 'TooManyRequestsException');
    assert.equal((await first).StatusCode, 200);
    assert.equal(
      (await sdk.send(new InvokeCommand({ FunctionName: 'slow', InvocationType: 'Event' }))).StatusCode,
      202,
    );
    const overQueue = await sdk
      .send(new InvokeCommand({ FunctionName: 'slow', InvocationType: 'Event' }))
      .catch((error: Error) => error);
    assert.equal((overQueue as Error).name, 'TooManyRequestsException');
  });

  it('treats constructor, __proto__, toString and hasOwnProperty as names: unknown unless defined', async () => {
    const endpoint = await start();
    const sdk = client(endpoint.url, endpoint.sessionKeys);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const missing = await sdk.send(new InvokeCommand({ FunctionName: name })).catch((error: Error) => error);
      assert.equal((missing as Error).name, 'ResourceNotFoundException', name);
      const noAlias = await sdk
        .send(new InvokeCommand({ FunctionName: 'env', Qualifier: name === '__proto__' ? 'toString' : name }))
        .catch((error: Error) => error);
      assert.equal((noAlias as Error).name, 'ResourceNotFoundException', `alias ${name}`);
    }
    for (const alias of ['constructor', '__proto__']) {
      const output = await sdk.send(new InvokeWithResponseStreamCommand({ FunctionName: 'echo', Qualifier: alias }));
      assert.equal((await readStream(output)).text, 'echo', `the manifest's alias ${alias}`);
    }
    assert.equal(({} as Record<string, unknown>).version, undefined, 'nothing reached Object.prototype');
  });

  it('gives handlers placeholder credentials and none of the developer’s environment, unless asked', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAREALDEVELOPERKEY1',
      AWS_SECRET_ACCESS_KEY: 'real-developer-secret',
      AWS_PROFILE: 'developer',
      LAMBDA_STREAM_TEST_TOKEN: 'ghp_not-for-handlers',
    });
    try {
      const plain = await start();
      const seen = await client(plain.url, plain.sessionKeys).send(new InvokeCommand({ FunctionName: 'env' }));
      const env = JSON.parse(Buffer.from(seen.Payload ?? []).toString()) as Record<string, string | null>;
      assert.equal(env.AWS_ACCESS_KEY_ID, PLACEHOLDER_HANDLER_CREDENTIALS.AWS_ACCESS_KEY_ID);
      assert.equal(env.AWS_SECRET_ACCESS_KEY, PLACEHOLDER_HANDLER_CREDENTIALS.AWS_SECRET_ACCESS_KEY);
      assert.equal(env.AWS_SESSION_TOKEN, PLACEHOLDER_HANDLER_CREDENTIALS.AWS_SESSION_TOKEN);
      assert.equal(env.AWS_PROFILE, null);
      assert.equal(env.LAMBDA_STREAM_TEST_TOKEN, null);
      assert.ok(env.PATH, 'what Node needs still passes');
      const opted = await start({ passAwsCredentials: true });
      const real = await client(opted.url, opted.sessionKeys).send(
        new InvokeCommand({ FunctionName: 'env', Payload: json({}) }),
      );
      const realEnv = JSON.parse(Buffer.from(real.Payload ?? []).toString()) as Record<string, string | null>;
      assert.equal(realEnv.AWS_ACCESS_KEY_ID, 'AKIAREALDEVELOPERKEY1');
      assert.equal(realEnv.AWS_PROFILE, 'developer');
      assert.equal(realEnv.LAMBDA_STREAM_TEST_TOKEN, null);
    } finally {
      for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'LAMBDA_STREAM_TEST_TOKEN']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});
