/**
 * The Functions view's AWS side inside the extension host: profiles from a temporary AWS config (through
 * `AWS_CONFIG_FILE`), and the error and empty states a person meets before any function is listed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import { LocalEndpoint } from '../../src/extension/localEndpoint';
import { normaliseCommandArgs } from '../../src/extension/targets';
import type { TreeSources } from '../../src/extension/tree/treeContext';
import { defaultTreeSources } from '../../src/extension/tree/treeSources';
import { buildTree, label } from './treeSupport';

describe('Functions view: AWS profiles', function () {
  this.timeout(60_000);
  let log: vscode.LogOutputChannel;
  let endpoint: LocalEndpoint;
  const saved: Record<string, string | undefined> = {};
  const variables = [
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_EC2_METADATA_DISABLED',
    'AWS_REGION',
  ];
  let awsDir: string;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    log = vscode.window.createOutputChannel('Lambda Stream tree test (AWS)', { log: true });
    endpoint = new LocalEndpoint(extension.extensionPath, log);
    for (const name of variables) saved[name] = process.env[name];
    for (const name of variables) delete process.env[name];
    awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-aws-'));
    fs.writeFileSync(
      path.join(awsDir, 'config'),
      '[profile fake]\nregion = eu-west-1\n\n[profile no-region]\nsso_session = corp\n',
    );
    fs.writeFileSync(path.join(awsDir, 'credentials'), '');
    process.env.AWS_CONFIG_FILE = path.join(awsDir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(awsDir, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });

  after(() => {
    endpoint?.dispose();
    log?.dispose();
    for (const name of variables) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    fs.rmSync(awsDir, { recursive: true, force: true });
  });

  it('shows each profile with its region, and a profile without credentials as an item that selects another', async () => {
    const provider = buildTree(endpoint, log);
    const roots = await provider.getChildren();
    assert.deepEqual(roots.map(label), ['Local', 'fake', 'no-region']);
    const fake = roots[1];
    assert.equal(normaliseCommandArgs([fake]).profile, 'fake');
    const [region] = await provider.getChildren(fake);
    assert.equal(label(region), 'eu-west-1');
    assert.deepEqual(normaliseCommandArgs([region]).connection, { kind: 'aws', profile: 'fake', region: 'eu-west-1' });
    const children = await provider.getChildren(region);
    assert.equal(children.length, 1, children.map(label).join(', '));
    const item = children[0].treeItem();
    assert.match(String(item.label), /credentials.*fake.* — Select Profile…$/i);
    assert.equal(item.command?.command, 'lambdaStream.selectConnection');
    provider.dispose();
  });

  it('marks an SSO profile and asks for a region when it has none', async () => {
    const provider = buildTree(endpoint, log);
    const profile = (await provider.getChildren()).find((node) => label(node) === 'no-region')!;
    assert.equal(profile.treeItem().contextValue, 'connection.profile.sso');
    const [message] = await provider.getChildren(profile);
    assert.equal(label(message), 'No region set for profile no-region — Select Regions…');
    assert.equal(message.treeItem().command?.command, 'lambdaStream.selectRegions');
    assert.deepEqual(message.treeItem().command?.arguments, [{ profile: 'no-region' }]);
    provider.dispose();
  });

  it('shows a listing failure as an item with the fix, e.g. access denied', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: lambda:ListFunctions'), {
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    const sources: TreeSources = {
      ...defaultTreeSources(),
      functions: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(denied) }),
      }),
    };
    const provider = buildTree(endpoint, log, sources);
    const fake = (await provider.getChildren()).find((node) => label(node) === 'fake')!;
    const [region] = await provider.getChildren(fake);
    const [message] = await provider.getChildren(region);
    assert.match(label(message), /^Access denied listing functions in eu-west-1 — /);
    provider.dispose();
  });
});
