import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configFilePath, credentialsFilePath, discoverProfiles } from '../../../src/core/aws/profiles';

describe('core/profiles', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-profiles-'));
    env = {
      HOME: dir,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    };
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): void {
    fs.writeFileSync(path.join(dir, name), text);
  }

  it('reads profiles from both files, default first, with region, SSO and credential kind', async () => {
    write(
      'config',
      [
        '[default]',
        'region = us-east-1',
        '[profile dev]',
        'region = eu-west-1',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        '[profile ops.legacy]',
        'sso_start_url = https://corp.awsapps.com/start',
        '[profile deploy]',
        'role_arn = arn:aws:iam::123456789012:role/deploy',
        'source_profile = default',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-west-1',
        '[services local]',
        'lambda =',
        '  endpoint_url = http://127.0.0.1:9001',
        '[not-a-profile]',
        'region = ap-south-1',
      ].join('\n'),
    );
    write(
      'credentials',
      '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n[ci] ; comment\naws_access_key_id = AKID2\naws_secret_access_key = s2\nregion = sa-east-1\n',
    );

    const found = await discoverProfiles(env);
    assert.deepEqual(
      found.profiles.map((profile) => [
        profile.name,
        profile.region,
        profile.sso,
        profile.credentialKind,
        profile.sources.join('+'),
      ]),
      [
        ['default', 'us-east-1', false, 'keys', 'config+credentials'],
        ['ci', 'sa-east-1', false, 'keys', 'credentials'],
        ['deploy', undefined, false, 'role', 'config'],
        ['dev', 'eu-west-1', true, 'sso', 'config'],
        ['ops.legacy', undefined, true, 'sso', 'config'],
      ],
    );
    assert.equal(found.configFile, env.AWS_CONFIG_FILE);
    assert.equal(found.credentialsFile, env.AWS_SHARED_CREDENTIALS_FILE);
    assert.equal(found.environmentCredentials, undefined);
  });

  it('adds the profile AWS_PROFILE names even when no file declares it, and marks it', async () => {
    write('config', '[profile dev]\nregion = eu-west-1\n');
    const found = await discoverProfiles({ ...env, AWS_PROFILE: 'missing' });
    const missing = found.profiles.find((profile) => profile.name === 'missing');
    assert.deepEqual(missing?.sources, ['environment']);
    assert.equal(missing?.isEnvironmentProfile, true);
    assert.equal(missing?.credentialKind, 'none');
    assert.equal(found.profiles.find((profile) => profile.name === 'dev')?.isEnvironmentProfile, false);
  });

  it('reports environment credentials and region', async () => {
    const found = await discoverProfiles({
      ...env,
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 't',
      AWS_REGION: 'eu-north-1',
    });
    assert.deepEqual(found.environmentCredentials, { sessionToken: true });
    assert.equal(found.environmentRegion, 'eu-north-1');
    assert.equal((await discoverProfiles({ ...env, AWS_ACCESS_KEY_ID: 'AKID' })).environmentCredentials, undefined);
    const withProfile = await discoverProfiles({
      ...env,
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_PROFILE: 'dev',
    });
    assert.equal(withProfile.environmentCredentials, undefined, 'the SDK ignores the keys when AWS_PROFILE is set');
  });

  it('treats missing files as empty, and sees changes on the next call', async () => {
    assert.deepEqual((await discoverProfiles(env)).profiles, []);
    write('config', '[profile later]\nregion = eu-west-3\n');
    assert.deepEqual(
      (await discoverProfiles(env)).profiles.map((profile) => profile.name),
      ['later'],
    );
  });

  it('falls back to ~/.aws/config and ~/.aws/credentials, expanding ~/ in the variables', () => {
    assert.equal(configFilePath({ HOME: '/home/me' }), path.join('/home/me', '.aws', 'config'));
    assert.equal(credentialsFilePath({ HOME: '/home/me' }), path.join('/home/me', '.aws', 'credentials'));
    assert.equal(
      configFilePath({ HOME: '/home/me', AWS_CONFIG_FILE: '~/aws/cfg' }),
      path.join('/home/me', 'aws', 'cfg'),
    );
  });
});
