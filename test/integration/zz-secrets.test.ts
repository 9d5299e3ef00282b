/**
 * Issue 9, "Security", in the real extension: no access key, secret key, session token, Authorization header or
 * signature in any log or output. Known fake credentials are planted in the extension host's environment and in a
 * profile of a temporary shared credentials file; invocations and listings signed with them go to a server that
 * echoes them back in every answer that can carry text (InvalidSignatureException's canonical request, a token it
 * did not recognise, a function error's ErrorDetails, an exception frame), to the same server as the AWS endpoint
 * (`AWS_ENDPOINT_URL_LAMBDA`), and to the Local endpoint. Then every text the extension can show (documents, tree
 * items, notifications, invocation details) and every file under the test run's state folder (the extension's log,
 * the "Lambda Stream" channel, VS Code's own logs, storage, the output files, the workspace, the browser profile)
 * is searched for the secrets. Named `zz-` so that it runs last and the search also covers what the rest of the
 * suite wrote. The runner passes the state folder as `LAMBDA_STREAM_STATE_DIR`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PLACEHOLDER_CREDENTIALS } from '../../src/core/aws/client';
import { EXTENSION_ID } from '../../src/constants';
import type { DetailsModel } from '../../src/extension/history/detailsModel';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import { LocalEndpoint } from '../../src/extension/localEndpoint';
import type { FunctionTarget } from '../../src/extension/targets';
import type { TreeNode } from '../../src/extension/tree/treeNode';
import { LEAKY_FUNCTIONS, type LeakyAwsServer, startLeakyAwsServer, SUCCESS_OUTPUT } from './support/leakyAwsServer';
import { activateExtension, closeAllEditors, local, run, waitFor } from './support/invoking';
import { openPayloadText } from './support/payloadFiles';
import { describeFindings, type Finding, listFiles, scanFiles, scanText, type Secret } from './support/secretScan';
import { buildTree, label } from './treeSupport';

/** Fake, but shaped like the real thing: 20-character key ids, 40-character secret keys, long base64 tokens. */
const FAKE = {
  envAccessKeyId: 'AKIALSFAKE0SECRET000',
  envSecretAccessKey: 'lsFake/EnvSecret+Key0123456789abcdefWXYZ',
  envSessionToken: 'IQoJb3JpZ2luX2VjLsFakeEnvSessionToken/0123456789+abcdefghijklmnopqrstuv==',
  profileAccessKeyId: 'ASIALSFAKE0PROFILE00',
  profileSecretAccessKey: 'lsFake/ProfileSecret+Key0123456789abcdWXYZ',
  profileSessionToken: 'FwoGZXIvYXdzLsFakeProfileSessionToken/0123456789+klmnopqrstuvwxyzABCD==',
};
const PROFILE = 'lsfake';
/** A region no other test uses, so the AWS clients built here are new ones that read `AWS_ENDPOINT_URL_LAMBDA`. */
const REGION = 'eu-south-2';
const ENV_ENDPOINT = 'leaky-env';
const PROFILE_ENDPOINT = 'leaky-profile';

const VARIABLES = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_LAMBDA',
];

const onEndpoint = (name: string, functionName: string): FunctionTarget => ({
  connection: { kind: 'custom', name },
  functionName,
});
const onAws = (profile: string, functionName: string): FunctionTarget => ({
  connection: { kind: 'aws', profile, region: REGION },
  functionName,
});

describe('secrets: no access key, secret key, session token or signature in any log or output', function () {
  this.timeout(180_000);
  const stateDir = process.env.LAMBDA_STREAM_STATE_DIR;
  const saved: Record<string, string | undefined> = {};
  const summaries = new Map<string, InvocationSummary>();
  /** Texts a person sees that live only in memory: tree items, invocation details. */
  const shown: { where: string; text: string }[] = [];
  let server: LeakyAwsServer;
  let awsDir: string;
  let treeLog: vscode.LogOutputChannel;
  let treeEndpoint: LocalEndpoint;

  /** The secrets, and the Authorization values and signatures the server received (known once traffic ran). */
  const secrets = (): Secret[] => {
    const sent = server.requests.flatMap((request, index) => [
      { name: `Authorization header of request ${index + 1}`, value: request.authorization },
      {
        name: `signature of request ${index + 1}`,
        value: /Signature=([0-9a-f]{64})/.exec(request.authorization)?.[1] ?? '',
      },
    ]);
    return [...Object.entries(FAKE).map(([name, value]) => ({ name, value })), ...sent].filter(
      (secret) => secret.value.length >= 16,
    );
  };

  before(async () => {
    await activateExtension();
    server = await startLeakyAwsServer();
    for (const name of VARIABLES) saved[name] = process.env[name];
    for (const name of VARIABLES) delete process.env[name];
    awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-secrets-'));
    fs.writeFileSync(path.join(awsDir, 'config'), `[profile ${PROFILE}]\nregion = ${REGION}\n`);
    fs.writeFileSync(
      path.join(awsDir, 'credentials'),
      `[${PROFILE}]\naws_access_key_id = ${FAKE.profileAccessKeyId}\naws_secret_access_key = ${FAKE.profileSecretAccessKey}\naws_session_token = ${FAKE.profileSessionToken}\n`,
    );
    Object.assign(process.env, {
      AWS_CONFIG_FILE: path.join(awsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
      AWS_ACCESS_KEY_ID: FAKE.envAccessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE.envSecretAccessKey,
      AWS_SESSION_TOKEN: FAKE.envSessionToken,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_LAMBDA: server.url,
    });
    const settings = vscode.workspace.getConfiguration('lambdaStream');
    await settings.update(
      'customEndpoints',
      [
        { name: ENV_ENDPOINT, endpoint: server.url },
        { name: PROFILE_ENDPOINT, endpoint: server.url, region: REGION, profile: PROFILE },
      ],
      vscode.ConfigurationTarget.Global,
    );
    // Both views of the output: the response document and the "Lambda Stream" channel.
    await settings.update('output', 'both', vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    treeLog = vscode.window.createOutputChannel('Lambda Stream secrets test (tree)', { log: true });
    treeEndpoint = new LocalEndpoint(extension.extensionPath, treeLog);
  });

  after(async () => {
    const settings = vscode.workspace.getConfiguration('lambdaStream');
    await settings.update('customEndpoints', undefined, vscode.ConfigurationTarget.Global);
    await settings.update('output', undefined, vscode.ConfigurationTarget.Global);
    treeEndpoint?.dispose();
    treeLog?.dispose();
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    if (awsDir) fs.rmSync(awsDir, { recursive: true, force: true });
    await server?.close();
    await closeAllEditors();
  });

  it('signs invocations and listings with the fake credentials, and the server echoes them back', async () => {
    await openPayloadText('secrets.json', '{ "words": 5, "delayMs": 0 }');
    const cases: [string, FunctionTarget][] = [
      ['signature, environment credentials', onEndpoint(ENV_ENDPOINT, LEAKY_FUNCTIONS.signature)],
      ['signature, profile credentials', onEndpoint(PROFILE_ENDPOINT, LEAKY_FUNCTIONS.signature)],
      ['token, environment credentials', onEndpoint(ENV_ENDPOINT, LEAKY_FUNCTIONS.token)],
      ['token, profile credentials', onEndpoint(PROFILE_ENDPOINT, LEAKY_FUNCTIONS.token)],
      ['error details, profile credentials', onEndpoint(PROFILE_ENDPOINT, LEAKY_FUNCTIONS.completeDetails)],
      ['exception frame, profile credentials', onEndpoint(PROFILE_ENDPOINT, LEAKY_FUNCTIONS.exceptionFrame)],
      ['success, profile credentials', onEndpoint(PROFILE_ENDPOINT, LEAKY_FUNCTIONS.success)],
      ['AWS signature, environment credentials', onAws('(environment)', LEAKY_FUNCTIONS.signature)],
      ['AWS error details, profile credentials', onAws(PROFILE, LEAKY_FUNCTIONS.completeDetails)],
      ['Local', local('token-stream')],
    ];
    for (const [name, target] of cases) {
      const summary = await run('invoke', target);
      assert.ok(summary, `${name}: nothing was sent`);
      summaries.set(name, summary);
    }
    const outcome = (name: string) => {
      const summary = summaries.get(name)!;
      return `${summary.outcome} ${summary.errorCode ?? ''} ${summary.functionErrorCode ?? ''}`.trim();
    };
    for (const name of [
      'signature, environment credentials',
      'signature, profile credentials',
      'AWS signature, environment credentials',
    ]) {
      assert.equal(outcome(name), 'failed InvalidSignatureException', name);
    }
    for (const name of ['token, environment credentials', 'token, profile credentials'])
      assert.equal(outcome(name), 'failed UnrecognizedClientException', name);
    for (const name of ['error details, profile credentials', 'AWS error details, profile credentials']) {
      assert.equal(outcome(name), 'completed FunctionError Runtime.ExitError', name);
    }
    assert.equal(outcome('exception frame, profile credentials'), 'failed ServiceException');
    assert.equal(outcome('success, profile credentials'), 'completed');
    assert.equal(outcome('Local'), 'completed');

    // Copy Function URL reads the URL configuration (the server answers with the canonical request) and logs why not.
    await run('copyFunctionUrl', onEndpoint(PROFILE_ENDPOINT, LEAKY_FUNCTIONS.success));
    await run('copyFunctionUrl', onEndpoint(ENV_ENDPOINT, LEAKY_FUNCTIONS.success));

    // The invocation details of the failures, as the details view shows them.
    for (const name of [
      'signature, profile credentials',
      'error details, profile credentials',
      'exception frame, profile credentials',
      'AWS error details, profile credentials',
    ]) {
      const model = await run<DetailsModel | undefined>('showInvocationDetails', summaries.get(name)!.id);
      assert.ok(model, `${name}: no details`);
      shown.push({ where: `invocation details of "${name}"`, text: JSON.stringify(model) });
    }

    // The Functions view lists the endpoints and the profiles through the real sources (its failures are logged).
    const tree = buildTree(treeEndpoint, treeLog);
    try {
      const roots = await tree.getChildren();
      const listed: TreeNode[] = [];
      for (const root of roots.filter((node) =>
        [ENV_ENDPOINT, PROFILE_ENDPOINT, PROFILE, 'Environment credentials'].includes(label(node)),
      )) {
        const children = await tree.getChildren(root);
        const regions = children.filter((node) => label(node) === REGION);
        listed.push(...children, ...(await Promise.all(regions.map((region) => tree.getChildren(region)))).flat());
      }
      for (const node of listed) {
        const item = node.treeItem();
        shown.push({
          where: `tree item "${label(node)}"`,
          text: JSON.stringify({ label: item.label, description: item.description, tooltip: item.tooltip }),
        });
      }
      const denied = listed.map(label).filter((text) => text.startsWith('Access denied listing functions'));
      assert.equal(
        denied.length,
        4,
        `the four listings did not fail as the server answers: ${listed.map(label).join(', ')}`,
      );
    } finally {
      tree.dispose();
    }

    // The credentials were really in play: every kind signed a request, and the server saw each kind's token.
    const credentialOf = (request: { authorization: string }) =>
      /Credential=([A-Z0-9]+)\//.exec(request.authorization)?.[1];
    const byKey = (key: string) => server.requests.filter((request) => credentialOf(request) === key);
    // The environment's credentials sign only what is meant for AWS (the "Environment credentials" connection,
    // routed here by AWS_ENDPOINT_URL_LAMBDA: one invocation and one listing); the custom loopback endpoint without a
    // profile gets placeholders, never them.
    const envRequests = byKey(FAKE.envAccessKeyId);
    assert.equal(
      envRequests.length,
      2,
      `the environment key signed more than the AWS invocation and listing: ${envRequests.map((request) => `${request.method} ${request.path}`).join(', ')}`,
    );
    assert.ok(envRequests.every((request) => request.securityToken === FAKE.envSessionToken));
    assert.ok(byKey(PLACEHOLDER_CREDENTIALS.accessKeyId).length >= 4, 'the endpoint without a profile was not signed');
    assert.ok(
      byKey(FAKE.profileAccessKeyId).length >= 6,
      `profile key used ${byKey(FAKE.profileAccessKeyId).length} times`,
    );
    assert.ok(
      byKey(FAKE.profileAccessKeyId).every((request) => request.securityToken === FAKE.profileSessionToken),
      'a request signed with the profile key lacked its token',
    );
    const paths = server.requests.map((request) => `${request.method} ${request.path}`);
    assert.ok(
      paths.some((line) => line.startsWith('GET /2015-03-31/functions')),
      `no listing reached the server: ${paths.join(', ')}`,
    );
    assert.ok(
      paths.some((line) => /^GET \/2021-10-31\/functions\/.+\/url$/.test(line)),
      `no URL configuration read reached the server: ${paths.join(', ')}`,
    );
  });

  it('shows none of them in a document, a notification, the Functions view or the invocation details', () => {
    assert.ok(summaries.size > 0, 'the invocations above did not run');
    const findings: Finding[] = [];
    const documents = vscode.workspace.textDocuments;
    assert.ok(
      documents.filter((document) => document.uri.scheme === 'lambda-stream').length >= summaries.size - 1,
      'the response documents are not open',
    );
    for (const document of documents)
      findings.push(...scanText(`document ${document.uri.toString()}`, document.getText(), secrets()));
    for (const [name, summary] of summaries)
      findings.push(...scanText(`summary and notification of "${name}"`, JSON.stringify(summary), secrets()));
    for (const { where, text } of shown) findings.push(...scanText(where, text, secrets()));
    assert.ok(findings.length === 0, `${findings.length} secrets shown:\n${describeFindings(findings)}`);
  });

  it('writes none of them to any file: logs, output channels, storage, output files, the workspace, the browser profile', async () => {
    assert.ok(
      stateDir,
      "LAMBDA_STREAM_STATE_DIR is not set: the test runner must pass the folder holding the test run's VS Code state",
    );
    assert.ok(summaries.size > 0, 'the invocations above did not run');
    // The fake credentials file is ours, not something the extension wrote (it sits in the state folder's TMPDIR).
    fs.rmSync(awsDir, { recursive: true, force: true });
    const last = Math.max(...[...summaries.values()].map((summary) => summary.id));
    const isLog = (file: string) => path.basename(file) === 'Lambda Stream Log.log';
    const isChannel = (file: string) => /^\d+-Lambda Stream\.log$/.test(path.basename(file));
    const read = (file: string) => fs.readFileSync(file, 'utf8');
    const findFiles = (test: (file: string) => boolean) => listFiles(stateDir).filter(test);
    // Both logs are written asynchronously: wait until they hold this test's last lines.
    await waitFor(() => findFiles(isLog).some((file) => read(file).includes(`Invocation #${last} (`)), 20_000, 200);
    await waitFor(
      () =>
        findFiles(isChannel).some((file) => read(file).includes(SUCCESS_OUTPUT) && read(file).includes('token-stream')),
      20_000,
      200,
    );

    const result = scanFiles([stateDir], secrets());
    const logs = result.files.filter(isLog);
    const channels = result.files.filter(isChannel);
    assert.ok(
      logs.some((file) => /Invocation #\d+: leak-signature on leaky-profile/.test(read(file))),
      `the extension's log was not searched: ${logs.join(', ')}`,
    );
    assert.ok(
      logs.some((file) => /Reading the function URL of fine failed/.test(read(file))),
      'the Copy Function URL failure is not in the log',
    );
    assert.ok(
      channels.some((file) => read(file).includes(SUCCESS_OUTPUT)),
      `the "Lambda Stream" channel was not searched: ${channels.join(', ')}`,
    );
    assert.ok(
      result.files.some((file) => path.basename(file) === 'Lambda Stream secrets test (tree).log'),
      "the tree's log was not searched",
    );
    for (const summary of summaries.values()) {
      assert.ok(
        path.resolve(summary.outputFile).startsWith(path.resolve(stateDir)),
        `output file ${summary.outputFile} is outside the searched folder`,
      );
    }
    assert.deepEqual(result.unreadable, [], 'files that could not be searched');
    assert.ok(
      result.findings.length === 0,
      `${result.findings.length} secrets written to files (${result.files.length} searched):\n${describeFindings(result.findings)}`,
    );
  });
});
