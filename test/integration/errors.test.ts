/**
 * Every error a person can act on, through the real extension: each exception of the InvokeWithResponseStream API
 * reference, answered by a tiny server configured as a custom endpoint and turned into an exception by the real SDK,
 * ends as one sentence and the buttons that fix it (the summary records what the notification showed). Real
 * failures of the Local endpoint (a missing function, reserved concurrency) show that the same cause is shown once.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import { ERROR_ENDPOINT, type ErrorServer, onErrorServer, startErrorServer } from './support/errorServer';
import { activateExtension, closeAllEditors, local, run, waitFor, withSetting } from './support/invoking';
import { openPayloadText } from './support/payloadFiles';

/** [exception, status, buttons on a custom endpoint (no AWS console there)] for every exception of the reference. */
const REFERENCE: [string, number, string[]][] = [
  ['EC2AccessDeniedException', 502, ['Show Output']],
  ['EC2ThrottledException', 502, ['Retry']],
  ['EC2UnexpectedException', 502, ['Retry']],
  ['EFSIOException', 410, ['Show Output']],
  ['EFSMountConnectivityException', 408, ['Retry']],
  ['EFSMountFailureException', 403, ['Show Output']],
  ['EFSMountTimeoutException', 408, ['Retry']],
  ['ENILimitReachedException', 502, ['Show Output']],
  ['InvalidParameterValueException', 400, ['Choose Another Function']],
  ['InvalidRequestContentException', 400, ['Show Problem']],
  ['InvalidRuntimeException', 502, ['Show Output']],
  ['InvalidSecurityGroupIDException', 502, ['Show Output']],
  ['InvalidSubnetIDException', 502, ['Show Output']],
  ['InvalidZipFileException', 502, ['Show Output']],
  ['KMSAccessDeniedException', 502, ['Show Output']],
  ['KMSDisabledException', 502, ['Show Output']],
  ['KMSInvalidStateException', 502, ['Show Output']],
  ['KMSNotFoundException', 502, ['Show Output']],
  ['RecursiveInvocationException', 400, ['Show Output']],
  ['RequestTooLargeException', 413, ['Show Payload Size']],
  ['ResourceConflictException', 409, ['Retry']],
  ['ResourceNotFoundException', 404, ['Choose Another Function', 'Refresh Functions']],
  ['ResourceNotReadyException', 502, ['Retry']],
  ['ServiceException', 500, ['Retry']],
  ['SnapStartException', 400, ['Show Output']],
  ['SnapStartNotReadyException', 409, ['Retry']],
  ['SnapStartTimeoutException', 408, ['Retry']],
  ['SubnetIPAddressLimitReachedException', 502, ['Show Output']],
  ['TooManyRequestsException', 429, ['Retry in 2 s']],
  ['UnsupportedMediaTypeException', 415, ['Show Problem']],
];

/** Starts `count` invocations at once and waits for all of them. */
async function together(
  count: number,
  start: () => Thenable<InvocationSummary | undefined>,
): Promise<InvocationSummary[]> {
  const summaries = await Promise.all(Array.from({ length: count }, start));
  return summaries.map((summary) => {
    assert.ok(summary, 'an invocation sent nothing');
    return summary;
  });
}

describe('errors: every error class as one sentence and the action that fixes it', function () {
  this.timeout(120_000);
  let server: ErrorServer;

  before(async () => {
    await activateExtension();
    server = await startErrorServer();
    await vscode.workspace
      .getConfiguration('lambdaStream')
      .update('customEndpoints', [{ name: ERROR_ENDPOINT, endpoint: server.url }], vscode.ConfigurationTarget.Global);
    await openPayloadText('errors.json', '{ "hello": "errors" }');
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('lambdaStream')
      .update('customEndpoints', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
    await closeAllEditors();
  });

  for (const [name, status, buttons] of REFERENCE) {
    it(`${name} (${status}) → ${buttons.join(' / ')}`, async () => {
      server.reply({ status, name, headers: name === 'TooManyRequestsException' ? { 'retry-after': '2' } : {} });
      const summary = await run('invoke', onErrorServer(`fn-${name}`));
      assert.ok(summary);
      assert.equal(summary.outcome, 'failed');
      assert.equal(summary.errorCode, name);
      assert.ok(summary.notice, 'no notification');
      assert.match(summary.notice.message, /^\S.*\.$/);
      assert.ok(!summary.notice.message.includes('\n') && summary.notice.message.length < 200, summary.notice.message);
      assert.deepEqual(summary.notice.buttons, buttons);
      assert.equal(summary.notice.shown, true);
    });
  }

  it('five concurrent failures with the same cause show one notification; the others are only logged', async () => {
    const missing = `missing-${Date.now()}`;
    const summaries = await together(5, () => run('invoke', local(missing)));
    assert.deepEqual(
      summaries.map((summary) => summary.errorCode),
      Array(5).fill('ResourceNotFoundException'),
    );
    assert.equal(summaries.filter((summary) => summary.notice?.shown).length, 1);
    assert.equal(summaries.filter((summary) => summary.notice?.shown === false).length, 4);
    assert.match(summaries[0].notice!.message, new RegExp(`^Function '${missing}' was not found`));
  });

  it('a real 429 from reserved concurrency says when to retry and offers "Retry in 1 s", once for the burst', () =>
    withSetting('local.functionsDir', 'functions', async () => {
      await openPayloadText('errors-hold.json', '{ "ms": 4000 }');
      const holder = run('invoke', local('one-at-a-time'));
      await waitFor(
        () => vscode.workspace.textDocuments.some((document) => /holding the only slot/.test(document.getText())),
        30_000,
      );
      await openPayloadText('errors-quick.json', '{ "ms": 1 }');
      const throttled = await together(3, () => run('invoke', local('one-at-a-time')));
      assert.deepEqual(
        throttled.map((summary) => summary.errorCode),
        Array(3).fill('TooManyRequestsException'),
      );
      const shown = throttled.filter((summary) => summary.notice?.shown);
      assert.equal(shown.length, 1);
      assert.equal(shown[0].notice!.message, "one-at-a-time's reserved concurrency is used up; try again in 1 s.");
      assert.deepEqual(shown[0].notice!.buttons, ['Retry in 1 s']);
      await run('cancelInvocation');
      assert.equal((await holder)?.outcome, 'cancelled');
    }));
});
