import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import {
  activateExtension,
  asShown,
  bodyOf,
  closeAllEditors,
  finalText,
  local,
  openPayload,
  outputBytes,
  responseDocument,
  run,
  waitFor,
} from './support/invoking';

/** Starts an invocation without waiting for it, and resolves its response document once it has output. */
async function start(
  functionName: string,
): Promise<{ done: Thenable<InvocationSummary | undefined>; document: vscode.TextDocument }> {
  const known = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
  const done = run('invoke', local(functionName));
  let document: vscode.TextDocument | undefined;
  await waitFor(() => {
    document = vscode.workspace.textDocuments.find(
      (candidate) => candidate.uri.scheme === 'lambda-stream' && !known.has(candidate.uri.toString()),
    );
    return (
      document !== undefined &&
      document
        .getText()
        .split('\n')
        .some((line) => line !== '' && !line.startsWith('// '))
    );
  });
  return { done, document: document! };
}

describe('invoke: cancel, several at once, batching and following the end', function () {
  this.timeout(90_000);

  before(activateExtension);
  afterEach(closeAllEditors);

  it('cancels mid-stream: the partial output stays, the footer says the function may go on and is billed', async () => {
    await openPayload('{ "delayMs": 150 }');
    const { done, document } = await start('token-stream');
    assert.equal(await run<boolean>('cancelInvocation'), true);
    const summary = await done;
    assert.ok(summary);
    assert.equal(summary.outcome, 'cancelled');
    assert.deepEqual(summary.events, ['started', 'chunk']);
    const text = await finalText(summary);
    assert.equal(responseDocument(summary), document);
    assert.ok(summary.chunks > 0 && summary.chunks < 54, `${summary.chunks} chunks`);
    assert.equal(bodyOf(text), asShown(outputBytes(summary).toString('utf8')));
    assert.match(
      text,
      /\/\/ ── cancelled after [\d,]+ bytes in \d+ chunks?\. The function may keep running in Lambda, and it is billed until it ends\.\n$/,
    );
  });

  it('runs two invocations at once, each in its own document, and cancels one of them by its document', async () => {
    await openPayload('{ "delayMs": 100, "rows": 40 }');
    const tokens = await start('token-stream');
    const rows = await start('ndjson-rows');
    assert.notEqual(tokens.document.uri.toString(), rows.document.uri.toString());
    assert.equal(await run<boolean>('cancelInvocation', tokens.document.uri), true);
    const [cancelled, completed] = await Promise.all([tokens.done, rows.done]);
    assert.equal(cancelled?.outcome, 'cancelled');
    assert.equal(completed?.outcome, 'completed');
    assert.equal(completed?.chunks, 40);
    assert.ok(cancelled && completed && cancelled.durationMs < completed.durationMs);
    assert.equal(bodyOf(await finalText(completed!)), outputBytes(completed!).toString('utf8'));
  });

  it('updates the document in batches, not once per chunk, and loses no byte', async () => {
    await openPayload('{ "rows": 3000, "delayMs": 0 }');
    const known = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    let updates = 0;
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.scheme === 'lambda-stream' && !known.has(event.document.uri.toString())) updates++;
    });
    try {
      const summary = await run('invoke', local('ndjson-rows'));
      assert.ok(summary);
      assert.equal(summary.chunks, 3000);
      const text = await finalText(summary);
      assert.equal(bodyOf(text), outputBytes(summary).toString('utf8'));
      assert.ok(updates < summary.chunks / 10, `${updates} document updates for ${summary.chunks} chunks`);
    } finally {
      listener.dispose();
    }
  });

  it('follows the end while the output grows, and stops following when the user scrolls up', async () => {
    await openPayload('{ "rows": 400, "delayMs": 5 }');
    const following = await start('ndjson-rows');
    const summary = await following.done;
    assert.ok(summary);
    await finalText(summary);
    const editor = () =>
      vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === summary.documentUri)!;
    await waitFor(
      () => editor().visibleRanges.some((range) => range.end.line >= editor().document.lineCount - 2),
      5000,
    ).catch(() => {
      assert.fail(
        `the end is not visible: lines ${editor().document.lineCount}, visible ${JSON.stringify(editor().visibleRanges)}`,
      );
    });

    await openPayload('{ "rows": 400, "delayMs": 10 }');
    const scrolled = await start('ndjson-rows');
    const scrolledEditor = () =>
      vscode.window.visibleTextEditors.find(
        (candidate) => candidate.document.uri.toString() === scrolled.document.uri.toString(),
      )!;
    await waitFor(() => scrolledEditor()?.document.lineCount > 80);
    scrolledEditor().revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    const second = await scrolled.done;
    assert.ok(second);
    await finalText(second);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(
      scrolledEditor().visibleRanges.every((range) => range.end.line < scrolledEditor().document.lineCount - 2),
      'the editor jumped back to the end',
    );
  });
});
