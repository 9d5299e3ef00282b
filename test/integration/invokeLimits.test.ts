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
  outputBytes,
  responseDocument,
  waitFor,
  withSetting,
} from './support/invoking';

/** The test workspace's own handlers (split UTF-8, binary, echo), served by the Local connection while `body` runs. */
function withTestFunctions<T>(body: () => Promise<T>): Promise<T> {
  return withSetting('local.functionsDir', 'functions', body);
}

describe('invoke: UTF-8, binary, size cap and the output channel', function () {
  this.timeout(120_000);

  before(activateExtension);
  afterEach(closeAllEditors);

  it('shows characters split across chunks whole: the document text equals the bytes the handler wrote', () =>
    withTestFunctions(async () => {
      const text = 'naïve café → 日本語 🎉 done\n';
      await openPayload(JSON.stringify({ text }));
      const summary = await invoke('utf8-split');
      assert.equal(summary.chunks, Buffer.byteLength(text));
      assert.ok(outputBytes(summary).equals(Buffer.from(text, 'utf8')));
      assert.equal(bodyOf(await finalText(summary)), text);
    }));

  it('does not dump binary output as text: the document says how many bytes, the output file has them exactly', () =>
    withTestFunctions(async () => {
      await openPayload('{ "repeat": 4 }');
      const summary = await invoke('binary-image');
      const bytes = outputBytes(summary);
      assert.equal(bytes.length, 8 + 4 * 256);
      assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      assert.equal(bytes[8 + 255], 255);
      const text = await finalText(summary);
      assert.ok(!text.includes('\0') && !text.includes('PNG'), text);
      assert.match(
        text,
        /\/\/ ── binary output: 1,032 bytes, not shown as text\. "Save Output As…" \(editor title\) writes the bytes exactly\./,
      );
    }));

  it('an empty payload reaches the function as {}', () =>
    withTestFunctions(async () => {
      await openPayload('');
      const summary = await invoke('echo-event');
      assert.deepEqual(JSON.parse(bodyOf(await finalText(summary))), {});
    }));

  it('stops the document at the size cap, says where, and keeps the full output in its file', () =>
    withSetting('documentSizeLimitMB', 0.0625, async () => {
      await openPayload('{ "megabytes": 1 }');
      const summary = await invoke('big-report');
      assert.equal(summary.outcome, 'completed');
      assert.ok(summary.bytes >= 1024 * 1024);
      assert.equal(outputBytes(summary).length, summary.bytes);
      const text = await finalText(summary);
      const body = bodyOf(text);
      assert.ok(
        Buffer.byteLength(body) <= 64 * 1024 + 1,
        `${Buffer.byteLength(body)} bytes shown (and a newline before the notes)`,
      );
      assert.ok(outputBytes(summary).toString('utf8').startsWith(body.replace(/\n$/, '')));
      assert.match(
        text,
        new RegExp(
          `// ── the document stops here, at 64\\.0 KiB \\(line [\\d,]+\\) of ${summary.bytes.toLocaleString('en-US')} bytes\\. "Save Output As…" \\(editor title\\) writes the full output to a file\\.`,
        ),
      );
      assert.match(text, /\/\/ ── completed · /);
    }));

  it('shows a big report (3 MB in 64 KB writes) whole, as plain text once it is large', async () => {
    await openPayload('{ "megabytes": 3 }');
    const summary = await invoke('big-report');
    assert.ok(summary.chunks > 40, `${summary.chunks} chunks`);
    const text = await finalText(summary);
    assert.equal(bodyOf(text), outputBytes(summary).toString('utf8'));
    assert.match(bodyOf(text), /^row,region,product,units,revenue\n1,/);
    await waitFor(() => responseDocument(summary).languageId === 'plaintext');
  });

  it('grows a large response by edits at its ends: no change replaces more than the notes and the footer', async () => {
    const changes: vscode.TextDocumentContentChangeEvent[] = [];
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.path.includes('big-report')) changes.push(...event.contentChanges);
    });
    try {
      await openPayload('{ "megabytes": 8 }');
      const summary = await invoke('big-report');
      const text = await finalText(summary);
      assert.equal(bodyOf(text), outputBytes(summary).toString('utf8'));
      assert.ok(changes.length > 1, `${changes.length} changes`);
      const replaced = Math.max(...changes.map((change) => change.rangeLength));
      assert.ok(replaced < 2000, `a change replaced ${replaced} characters: the text was re-sent`);
      const inserted = changes.reduce((total, change) => total + change.text.length, 0);
      assert.ok(inserted < text.length + 10_000, `${inserted} characters sent for a text of ${text.length}`);
      assert.equal(responseDocument(summary).languageId, 'plaintext');
    } finally {
      listener.dispose();
    }
  });

  it('writes header, output, footer and log tail to the "Lambda Stream" channel when lambdaStream.output is "both"', () =>
    withSetting('output', 'both', async () => {
      await openPayload('{ "failAfter": 2, "message": "boom in the channel" }');
      const summary = await invoke('midstream-failure');
      assert.ok(summary.documentUri, 'both: the document is opened too');
      await finalText(summary);
      let channelText = '';
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !/boom in the channel[\s\S]*── log tail ──/.test(channelText)) {
        const channel = vscode.workspace.textDocuments.find(
          (document) =>
            document.uri.scheme === 'output' &&
            /Lambda Stream$/.test(decodeURIComponent(document.uri.path)) &&
            !/Log$/.test(document.uri.path),
        );
        channelText = channel?.getText() ?? '';
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(
        channelText,
        /▶ midstream-failure · Local · [^\n]*\nstep 1 of 3 done\nstep 2 of 3 done\n── failed: The function failed after 2 chunks with Error: boom in the channel\.\n {3}version \$LATEST · [^\n]*\n {3}ErrorCode: Error\n[\s\S]*── log tail ──\n/,
      );
    }));

  it('with lambdaStream.output "channel", opens no document', () =>
    withSetting('output', 'channel', async () => {
      await openPayload('{ "rows": 2, "delayMs": 0 }');
      const summary = await invoke('ndjson-rows');
      assert.equal(summary.documentUri, undefined);
      assert.equal(summary.outcome, 'completed');
    }));

  it('shows the document in the language its content has', async () => {
    await openPayload('{ "name": "language" }');
    const summary = await invoke('buffered');
    assert.equal(bodyOf(await finalText(summary)), asShown(outputBytes(summary).toString('utf8')));
    assert.equal(responseDocument(summary).languageId, 'jsonc');
  });
});
