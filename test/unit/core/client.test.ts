/**
 * Connections and clients: cache keys, loopback detection, one cached client per connection and purpose, no
 * retries and a 15-minute budget for invocations, placeholder credentials for a loopback endpoint, and credential
 * failures (expired SSO session, unknown profile) classified before anything is sent.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  disposeLambdaClients,
  getLambdaClient,
  INVOKE_TIMEOUT_MS,
  PLACEHOLDER_CREDENTIALS,
} from '../../../src/core/aws/client';
import {
  checkEndpointUrl,
  connectionKey,
  describeConnection,
  isLoopbackEndpoint,
} from '../../../src/core/aws/connection';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { startLocalEndpoint } from '../../../src/emulator/server';
import { collect } from './support/collect';
import { startStreamServer } from './support/streamServer';

const ENV_KEYS = [
  'HOME',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_EC2_METADATA_DISABLED',
];

describe('core/connection and core/client', () => {
  let saved: Record<string, string | undefined>;
  let home: string;

  beforeEach(() => {
    saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-client-'));
    for (const key of ENV_KEYS) delete process.env[key];
    process.env.HOME = home;
    process.env.AWS_CONFIG_FILE = path.join(home, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterEach(async () => {
    await disposeLambdaClients();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('keys, labels and checks connections', () => {
    assert.equal(
      connectionKey({ kind: 'endpoint', endpoint: 'http://127.0.0.1:9001/' }),
      connectionKey({ kind: 'endpoint', endpoint: 'http://127.0.0.1:9001' }),
    );
    assert.notEqual(
      connectionKey({ kind: 'aws', profile: 'a' }),
      connectionKey({ kind: 'aws', profile: 'a', region: 'eu-west-1' }),
    );
    assert.equal(describeConnection({ kind: 'aws', profile: 'dev', region: 'eu-west-1' }), 'aws:dev (eu-west-1)');
    for (const url of ['http://127.0.0.1:1', 'http://localhost:2', 'http://[::1]:3', 'http://127.1.2.3'])
      assert.equal(isLoopbackEndpoint(url), true, url);
    for (const url of ['http://10.0.0.1', 'https://lambda.us-east-1.amazonaws.com', 'nonsense'])
      assert.equal(isLoopbackEndpoint(url), false, url);
    assert.equal(checkEndpointUrl('http://127.0.0.1:9001'), undefined);
    assert.match(checkEndpointUrl('ftp://x') ?? '', /http:\/\/ or https:\/\//);
    assert.match(checkEndpointUrl('not a url') ?? '', /is not a URL/);
  });

  it('caches one client per connection and purpose; invocations never retry and may take 15 minutes', async () => {
    const connection = { kind: 'endpoint' as const, endpoint: 'http://127.0.0.1:9' };
    const invoke = await getLambdaClient(connection);
    assert.equal(await getLambdaClient({ ...connection }), invoke);
    const control = await getLambdaClient(connection, 'control');
    assert.notEqual(control, invoke);
    assert.equal(await invoke.config.maxAttempts(), 1);
    assert.equal(await control.config.maxAttempts(), 3);
    const handler = invoke.config.requestHandler as unknown as {
      configProvider: Promise<{ requestTimeout: number; socketTimeout: number }>;
    };
    const resolved = await handler.configProvider;
    assert.ok(INVOKE_TIMEOUT_MS >= 15 * 60_000);
    assert.equal(resolved.requestTimeout, INVOKE_TIMEOUT_MS);
    assert.equal(resolved.socketTimeout, INVOKE_TIMEOUT_MS);
    assert.equal(await invoke.config.region(), 'us-east-1');
  });

  it('signs for a loopback endpoint with placeholders, never with the environment’s real credentials', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDENVIRONMENTREAL1';
    process.env.AWS_SECRET_ACCESS_KEY = 'environment-secret-that-must-stay-home';
    const local = await getLambdaClient({ kind: 'endpoint', endpoint: 'http://127.0.0.1:9' });
    const credentials = await local.config.credentials();
    assert.equal(credentials.accessKeyId, PLACEHOLDER_CREDENTIALS.accessKeyId);
    assert.equal(credentials.secretAccessKey, PLACEHOLDER_CREDENTIALS.secretAccessKey);
  });

  it('signs for a Local endpoint with its published session keys, over a profile, and with given keys first', async () => {
    const endpoint = await startLocalEndpoint({ publishKeys: true, onProblem: () => undefined });
    try {
      const keys = endpoint.sessionKeys!;
      for (const connection of [
        { kind: 'endpoint' as const, endpoint: endpoint.url },
        { kind: 'endpoint' as const, endpoint: endpoint.url, profile: 'some-real-profile' },
      ]) {
        const client = await getLambdaClient(connection);
        const credentials = await client.config.credentials();
        assert.equal(credentials.accessKeyId, keys.accessKeyId);
        assert.equal(credentials.secretAccessKey, keys.secretAccessKey);
      }
      const given = await getLambdaClient({
        kind: 'endpoint',
        endpoint: endpoint.url,
        credentials: { accessKeyId: 'GIVENKEYS0000000001', secretAccessKey: 'given-secret' },
      });
      assert.equal((await given.config.credentials()).accessKeyId, 'GIVENKEYS0000000001');
    } finally {
      await disposeLambdaClients();
      await endpoint.close();
    }
  });

  it('refuses plain http:// to another machine unless allowed', async () => {
    assert.match(
      checkEndpointUrl('http://lambda.example.com:9001') ?? '',
      /^http:\/\/lambda\.example\.com:9001 is plain http:\/\/ to another machine, so credentials and payloads would cross the network unencrypted; use https:\/\/, or allow it explicitly/,
    );
    assert.equal(checkEndpointUrl('http://lambda.example.com:9001', { allowInsecureHttp: true }), undefined);
    assert.equal(checkEndpointUrl('https://lambda.example.com'), undefined);
    assert.equal(checkEndpointUrl('http://127.0.0.1:9001'), undefined);
    await assert.rejects(
      getLambdaClient({ kind: 'endpoint', endpoint: 'http://lambda.example.com:9001' }),
      /plain http:\/\/ to another machine/,
    );
  });

  it('reports an expired SSO session before sending anything', async () => {
    const startUrl = 'https://example.awsapps.com/start';
    fs.writeFileSync(
      process.env.AWS_CONFIG_FILE!,
      [
        '[profile sso-dev]',
        `sso_start_url = ${startUrl}`,
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = Dev',
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
    const cache = path.join(home, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    const token = { accessToken: 'expired', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl };
    fs.writeFileSync(
      path.join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify(token),
    );
    const server = await startStreamServer();
    try {
      const connection = { kind: 'endpoint' as const, endpoint: server.url, profile: 'sso-dev' };
      const result = await collect(invokeStreaming({ connection, functionName: 'fn' }, '{}'));
      assert.equal(result.failure?.code, 'SsoSessionExpired');
      assert.deepEqual(result.error?.classification.actions[0], {
        kind: 'ssoLogin',
        profile: 'sso-dev',
        command: 'aws sso login --profile sso-dev',
      });
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('reports a profile that does not exist', async () => {
    fs.writeFileSync(process.env.AWS_CONFIG_FILE!, '[default]\nregion = us-east-1\n');
    const result = await collect(
      invokeStreaming(
        { connection: { kind: 'aws', profile: 'missing', region: 'us-east-1' }, functionName: 'fn' },
        '{}',
      ),
    );
    assert.equal(result.failure?.category, 'credentials');
    assert.ok(['ProfileNotFound', 'NoCredentials'].includes(result.failure!.code), result.failure!.code);
    assert.deepEqual(result.error?.classification.actions, [{ kind: 'selectProfile' }]);
  });
});
