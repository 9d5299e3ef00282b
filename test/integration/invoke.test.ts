import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  asShown,
  bodyOf,
  closeAllEditors,
  finalText,
  invoke,
  openPayload,
  openPayloadFile,
  openResponseDocuments,
  outputBytes,
  responseDocument,
  run,
  waitFor,
} from './support/invoking';

describe('invoke: the Local samples into the live response document', function () {
  this.timeout(90_000);

  before(activateExtension);
  afterEach(closeAllEditors);

  it('invokes with the payload editor and shows header, output and footer; the output equals the bytes written', async () => {
    await openPayload('{ "prompt": "hi", "delayMs": 5 }');
    const summary = await invoke('token-stream');
    assert.equal(summary.outcome, 'completed');
    assert.deepEqual(summary.events, ['started', 'chunk', 'complete']);
    const text = await finalText(summary);
    const written = outputBytes(summary).toString('utf8');
    assert.equal(summary.chunks, written.trim().split(' ').length + 1, 'one chunk per word, and the final newline');
    assert.match(written, /^Response streaming lets a Lambda function/);
    assert.equal(bodyOf(text), asShown(written));
    assert.match(
      text,
      /^\/\/ token-stream · Local · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · payload payload-\d+\.json \(\d+ bytes\)\n/,
    );
    assert.match(
      text,
      /\/\/ ── completed · version \$LATEST · status 200 · application\/vnd\.amazon\.eventstream · first byte \d+ ms · [\d,]+ bytes · \d+ chunks · /,
    );
    assert.match(text, /\/\/ ── log tail ──\n(\/\/ .*\n)*\/\/ .*answering "hi"/);
    assert.equal(responseDocument(summary).languageId, 'lambda-stream-text');
  });

  it('shows a plain-text response in its language from the first moment, not relabelled once output flows', async () => {
    await openPayload('{ "words": 4, "delayMs": 5 }');
    // A change of language closes and reopens the document, and no edit can land meanwhile: it is made before the
    // document is shown, while the function has not written yet.
    const shownAs: string[] = [];
    const watch = vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const editor of editors)
        if (editor.document.uri.scheme === 'lambda-stream') shownAs.push(editor.document.languageId);
    });
    try {
      const summary = await invoke('token-stream');
      await finalText(summary);
      assert.equal(responseDocument(summary).languageId, 'lambda-stream-text');
      assert.ok(shownAs.length > 0, 'the response was shown');
      assert.deepEqual([...new Set(shownAs)], ['lambda-stream-text']);
    } finally {
      watch.dispose();
    }
  });

  it('opens one document per invocation, beside the payload, named after the target', async () => {
    await openPayload('{ "words": 3, "delayMs": 1 }');
    const first = await invoke('token-stream', 'live');
    const second = await invoke('token-stream', 'live');
    assert.notEqual(first.documentUri, second.documentUri);
    const document = responseDocument(second);
    assert.match(document.uri.path, /\/Local\/token-stream:live #\d+$/);
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
    assert.ok(editor, 'the response document is not visible');
    assert.equal(editor.viewColumn, vscode.ViewColumn.Two);
    assert.match(await finalText(second), /version 2 ·/);
  });

  it('shows NDJSON as JSON Lines, and a buffered handler as JSON', async () => {
    await openPayload('{ "rows": 20, "delayMs": 1 }');
    const rows = await invoke('ndjson-rows');
    const rowsText = await finalText(rows);
    assert.equal(bodyOf(rowsText), outputBytes(rows).toString('utf8'));
    assert.equal(bodyOf(rowsText).trim().split('\n').length, 20);
    assert.equal(responseDocument(rows).languageId, 'jsonl');

    await openPayload('{ "name": "tests" }');
    const buffered = await invoke('buffered');
    const body = bodyOf(await finalText(buffered));
    assert.equal(JSON.parse(body).message, 'Hello, tests!');
    assert.equal(responseDocument(buffered).languageId, 'jsonc');
  });

  it('shows a function-URL prelude as a readable HTTP header above the HTML body, never as NUL bytes', async () => {
    await openPayload('{ "statusCode": 201, "sections": ["One"] }');
    const summary = await invoke('http-response');
    assert.deepEqual(summary.events, ['started', 'httpPrelude', 'chunk', 'complete']);
    const text = await finalText(summary);
    assert.ok(!text.includes('\0'), 'the document contains NUL bytes');
    assert.match(
      text,
      /^<!-- http-response · Local · .* -->\n<!-- HTTP 201 -->\n<!-- Content-Type: text\/html; charset=utf-8 -->\n<!-- X-Powered-By: lambda-stream -->\n<!-- set-cookie: session=local; Path=\/; HttpOnly -->\n<!doctype html>/,
    );
    assert.equal(responseDocument(summary).languageId, 'html');
  });

  it('keeps the partial output of a mid-stream failure and shows the failure at the end', async () => {
    await openPayloadFile('midstream-failure.json');
    const summary = await invoke('midstream-failure');
    assert.equal(summary.outcome, 'completed');
    assert.equal(summary.errorCode, 'FunctionError');
    assert.equal(summary.functionErrorCode, 'Error');
    const text = await finalText(summary);
    assert.match(
      text,
      /step 1 of 4 done\nstep 2 of 4 done\nstep 3 of 4 done\n\/\/ ── failed: The function failed after 3 chunks with Error: boom at row 3\.\n\/\/ {4}version \$LATEST · status 200 · /,
    );
    assert.match(text, /\/\/ {4}ErrorCode: Error\n\/\/ {4}ErrorDetails: .*boom at row 3/);
  });

  it('reports a function timeout with the output written before it', async () => {
    await openPayload('{ "workMs": 60000 }');
    const summary = await invoke('timeout');
    assert.equal(summary.functionErrorCode, 'Sandbox.Timedout');
    const text = await finalText(summary);
    assert.match(text, /^working; \d+ ms left\n\/\/ ── failed: The function timed out after 1 chunk\./m);
  });

  it('sends an empty payload as none (the function receives {}) and says so in the header', async () => {
    await openPayload('  \n');
    const summary = await invoke('buffered');
    const text = await finalText(summary);
    assert.match(text, /payload empty \(the function receives \{\}\)/);
    assert.equal(JSON.parse(bodyOf(text)).message, 'Hello, world!');
  });

  it('sends the selection when there is one', async () => {
    const editor = await openPayload('{ "name": "whole" }\n{ "name": "selected" }\n');
    editor.selection = new vscode.Selection(1, 0, 1, 22);
    const summary = await invoke('buffered');
    const text = await finalText(summary);
    assert.match(text, /payload selection of payload-\d+\.json \(22 bytes\)/);
    assert.equal(JSON.parse(bodyOf(text)).message, 'Hello, selected!');
  });

  it('never sends invalid JSON: nothing runs and no document opens', async () => {
    await openPayload('{\n  "rows": 3,\n}\n');
    const before = openResponseDocuments().length;
    const summary = await run('invoke', { connection: { kind: 'local' }, functionName: 'ndjson-rows' });
    assert.equal(summary, undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(openResponseDocuments().length, before);
  });

  it('re-runs the last invocation and invokes the last target without a pick', async () => {
    await openPayload('{ "rows": 2, "delayMs": 0 }');
    const first = await invoke('ndjson-rows');
    const rerun = await run('rerunLastInvocation');
    assert.ok(rerun);
    assert.equal(rerun.target, 'ndjson-rows');
    assert.equal(bodyOf(await finalText(rerun)), bodyOf(await finalText(first)));
    await openPayload('{ "rows": 1, "delayMs": 0 }');
    const last = await run('invokeLastTarget');
    assert.ok(last);
    assert.equal(last.target, 'ndjson-rows');
    assert.equal(
      bodyOf(await finalText(last))
        .trim()
        .split('\n').length,
      1,
    );
  });

  it('accepts a Functions-view node (a target carrier) as the argument', async () => {
    await openPayload('{ "words": 2, "delayMs": 0 }');
    const summary = await run('invoke', {
      target: { connection: { kind: 'local' }, functionName: 'token-stream', qualifier: 'beta' },
    });
    assert.ok(summary);
    assert.equal(summary.target, 'token-stream:beta');
    await waitFor(() => /completed/.test(responseDocument(summary).getText()));
  });
});
