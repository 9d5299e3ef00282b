/**
 * Recent Invocations (re-run one from the pick) and Invocation Details (the webview's model: metrics and the chunk
 * timeline), through the real commands.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DetailsModel } from '../../src/extension/history/detailsModel';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import { activateExtension, bodyOf, closeAllEditors, finalText, invoke, run, waitFor } from './support/invoking';
import { openPayloadText } from './support/payloadFiles';

const detailsTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter(
      (tab) =>
        tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('lambdaStream.invocationDetails'),
    );

describe('history: recent invocations and invocation details', function () {
  this.timeout(90_000);

  before(activateExtension);
  afterEach(closeAllEditors);

  it('re-runs the invocation chosen in Recent Invocations: same target, same payload text', async () => {
    await openPayloadText('history-rows.json', '{ "rows": 3, "delayMs": 0 }');
    const first = await invoke('ndjson-rows');
    await openPayloadText('history-rows-9.json', '{ "rows": 9 }');
    const picked = run<InvocationSummary | undefined>('showRecentInvocations');
    await new Promise((resolve) => setTimeout(resolve, 800));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const rerun = await picked;
    assert.ok(rerun, 'the pick did not re-run anything');
    assert.notEqual(rerun.id, first.id);
    assert.equal(rerun.target, 'ndjson-rows');
    assert.equal(bodyOf(await finalText(rerun)), bodyOf(await finalText(first)));
  });

  it('shows the details of an invocation: metrics and one chart mark per chunk, in a webview', async () => {
    await openPayloadText('history-words.json', '{ "words": 6, "delayMs": 40 }');
    const summary = await invoke('token-stream', 'live');
    const model = await run<DetailsModel | undefined>('showInvocationDetails', summary.id);
    assert.ok(model);
    assert.equal(model.title, `token-stream:live #${summary.id}`);
    assert.equal(model.status, 'succeeded');
    assert.equal(model.chart.points.length, summary.chunks);
    assert.equal(model.chart.totalBytes, summary.bytes);
    assert.ok(
      model.chart.points.every(([at], index, points) => index === 0 || at >= points[index - 1][0]),
      'marks out of time order',
    );
    const metrics = Object.fromEntries(model.metrics.map((fact) => [fact.label, fact.value]));
    assert.equal(metrics.Chunks, String(summary.chunks));
    assert.match(metrics['Time to first byte'], /^\d+ ms$/);
    const facts = Object.fromEntries(model.facts.map((fact) => [fact.label, fact.value]));
    assert.equal(facts['Executed version'], '2');
    await waitFor(() => detailsTabs().length === 1);
    assert.equal(detailsTabs()[0].label, `Details: token-stream:live #${summary.id}`);

    const again = await run<DetailsModel | undefined>('showInvocationDetails', vscode.Uri.parse(summary.documentUri!));
    assert.equal(again?.key, model.key);
    assert.equal(detailsTabs().length, 1, 'the open panel is shown again, not a second one');
  });

  it('shows a running invocation as running, and its failure once it ended', async () => {
    await openPayloadText('history-stalled.json', '{ "failAfter": 3, "message": "stalled" }');
    const done = run('invoke', { connection: { kind: 'local' }, functionName: 'midstream-failure' });
    const running = () =>
      vscode.workspace.textDocuments.find(
        (document) =>
          document.uri.scheme === 'lambda-stream' &&
          /step 1 of 4 done/.test(document.getText()) &&
          !/── (failed|completed)/.test(document.getText()),
      );
    await waitFor(() => running() !== undefined);
    const response = running();
    const live = await run<DetailsModel | undefined>('showInvocationDetails', response?.uri);
    assert.equal(live?.status, 'running');
    const summary = await done;
    assert.ok(summary);
    const ended = await run<DetailsModel | undefined>('showInvocationDetails', summary.id);
    assert.equal(ended?.status, 'functionError');
    assert.equal(ended?.sentence, 'midstream-failure failed after 3 chunks with Error: stalled.');
    assert.equal(ended?.chart.endedBadly, true);
  });
});
