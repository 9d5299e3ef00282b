/**
 * Diagnostics on payload files as the person types, the quick fixes (applied through the code action, as the
 * lightbulb does, and checked by the resulting text), the payload Lambda rejected, and the diagnostic a failed
 * invocation leaves on its response document.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PayloadDiagnosticCodes } from '../../src/constants';
import { ERROR_ENDPOINT, type ErrorServer, onErrorServer, startErrorServer } from './support/errorServer';
import { activateExtension, closeAllEditors, finalText, local, run } from './support/invoking';
import {
  diagnosticsWhen,
  openFile,
  ourDiagnostics,
  quickFixes,
  readWorkspaceFile,
  writeWorkspaceFile,
} from './support/payloadFiles';

/** Opens a new payload file with `text` and waits for the extension's verdict on it. */
async function payloadWith(
  name: string,
  text: string,
  expected: number,
): Promise<{ editor: vscode.TextEditor; diagnostics: vscode.Diagnostic[] }> {
  const uri = await writeWorkspaceFile(`payloads/${name}`, text);
  const editor = await openFile(uri);
  const diagnostics = await diagnosticsWhen(uri, (found) => found.length === expected);
  return { editor, diagnostics };
}

/** Applies the quick fix titled `title` offered for `diagnostic`, and returns whether it was preferred. */
async function applyFix(editor: vscode.TextEditor, diagnostic: vscode.Diagnostic, title: string): Promise<boolean> {
  const fixes = await quickFixes(editor.document.uri, diagnostic.range);
  const fix = fixes.find((action) => action.title === title);
  assert.ok(fix?.edit, `no "${title}" among: ${fixes.map((action) => action.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  return fix.isPreferred === true;
}

describe('payload diagnostics and quick fixes', function () {
  this.timeout(90_000);

  before(activateExtension);
  afterEach(closeAllEditors);

  it('marks a trailing comma at the comma; "Remove trailing commas" (preferred) fixes it and the squiggle goes', async () => {
    const { editor, diagnostics } = await payloadWith(
      'trailing.json',
      '{\n  "rows": [1, 2,],\n  "delayMs": 0,\n}\n',
      2,
    );
    assert.deepEqual(
      diagnostics.map((diagnostic) => diagnostic.code),
      [PayloadDiagnosticCodes.trailingComma, PayloadDiagnosticCodes.trailingComma],
    );
    assert.deepEqual(
      [diagnostics[0].range.start.line, diagnostics[0].range.start.character, diagnostics[0].range.end.character],
      [1, 15, 16],
    );
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(await applyFix(editor, diagnostics[1], 'Remove trailing commas'), true);
    assert.equal(editor.document.getText(), '{\n  "rows": [1, 2],\n  "delayMs": 0\n}\n');
    await diagnosticsWhen(editor.document.uri, (found) => found.length === 0);
    assert.equal(
      await readWorkspaceFile(editor.document.uri),
      '{\n  "rows": [1, 2,],\n  "delayMs": 0,\n}\n',
      'a fix edits the editor, not the file on disk',
    );
  });

  it('marks comments; "Remove comments" (preferred) removes them and keeps the data', async () => {
    const { editor, diagnostics } = await payloadWith(
      'comments.json',
      '// sample\n{\n  "rows": 2, // two rows\n  "delayMs": 0\n}\n',
      2,
    );
    assert.ok(diagnostics.every((diagnostic) => diagnostic.code === PayloadDiagnosticCodes.comment));
    assert.equal(await applyFix(editor, diagnostics[0], 'Remove comments'), true);
    assert.equal(editor.document.getText(), '{\n  "rows": 2,\n  "delayMs": 0\n}\n');
    await diagnosticsWhen(editor.document.uri, (found) => found.length === 0);
  });

  it('marks plain text once; "Wrap the text as a JSON string" is offered but not preferred', async () => {
    const { editor, diagnostics } = await payloadWith('plain.json', 'What is "streaming"?\n', 1);
    assert.equal(diagnostics[0].code, PayloadDiagnosticCodes.plainText);
    assert.equal(await applyFix(editor, diagnostics[0], 'Wrap the text as a JSON string'), false);
    assert.equal(editor.document.getText(), '"What is \\"streaming\\"?"\n');
    await diagnosticsWhen(editor.document.uri, (found) => found.length === 0);
  });

  it('updates as the person types: other invalid JSON gets the parser sentence at the exact range, no quick fix', async () => {
    const { editor } = await payloadWith('typing.json', '{ "rows": 2 }\n', 0);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 8, 0, 9), ''));
    const [problem] = await diagnosticsWhen(editor.document.uri, (found) => found.length === 1);
    assert.equal(problem.message, 'A colon is expected.');
    assert.equal(problem.code, PayloadDiagnosticCodes.invalidJson);
    assert.deepEqual([problem.range.start.character, problem.range.end.character], [9, 10]);
    assert.deepEqual(
      (await quickFixes(editor.document.uri, problem.range)).filter((action) => action.diagnostics?.includes(problem)),
      [],
    );
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 8), ':'));
    await diagnosticsWhen(editor.document.uri, (found) => found.length === 0);
  });

  it('marks a payload over 6 MB, and clears the diagnostics when the file is closed', async () => {
    const { editor, diagnostics } = await payloadWith('huge.json', `{"data":"${'x'.repeat(6 * 1024 * 1024)}"}\n`, 1);
    assert.equal(diagnostics[0].code, PayloadDiagnosticCodes.tooLarge);
    assert.match(diagnostics[0].message, /^This payload is 6,291,468 bytes, over Lambda's 6 MB request limit/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await diagnosticsWhen(editor.document.uri, (found) => found.length === 0);
  });

  it('leaves JSON files outside the payloads folder to VS Code', async () => {
    const uri = await writeWorkspaceFile('config/broken.json', '{ "a": 1, }\n');
    await openFile(uri);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(ourDiagnostics(uri), []);
  });

  it('a failed invocation marks its response document at the failure point, pointing at the payload', async () => {
    const uri = await writeWorkspaceFile('payloads/fails.json', '{ "failAfter": 2, "message": "boom at row 2" }\n');
    const summary = await run('invokeWithPayloadFile', local('midstream-failure'), uri);
    assert.ok(summary?.documentUri);
    const text = await finalText(summary);
    const responseUri = vscode.Uri.parse(summary.documentUri);
    const [failure] = await diagnosticsWhen(responseUri, (found) => found.length === 1);
    assert.equal(failure.message, 'midstream-failure failed after 2 chunks with Error: boom at row 2.');
    assert.equal(failure.code, PayloadDiagnosticCodes.invocationFailed);
    assert.equal(text.split('\n')[failure.range.start.line], 'step 2 of 3 done');
    assert.equal(failure.relatedInformation?.[0].location.uri.toString(), uri.toString());
    await closeAllEditors();
    await diagnosticsWhen(responseUri, (found) => found.length === 0);
  });

  describe('a payload Lambda rejected', () => {
    let server: ErrorServer;
    before(async () => {
      server = await startErrorServer();
      await vscode.workspace
        .getConfiguration('lambdaStream')
        .update('customEndpoints', [{ name: ERROR_ENDPOINT, endpoint: server.url }], vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      await vscode.workspace
        .getConfiguration('lambdaStream')
        .update('customEndpoints', undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    });

    it('is marked where Lambda says (InvalidRequestContentException), "Show Problem" is offered, and an edit clears it', async () => {
      const message =
        'Could not parse request body into json: Could not parse payload into json: Unexpected character (\'}\' (code 125)): was expecting double-quote to start field name\n at [Source: (byte[])"{..."; line: 2, column: 11]';
      server.reply({ status: 400, name: 'InvalidRequestContentException', message });
      const uri = await writeWorkspaceFile('payloads/rejected.json', '{\n  "rows": 2\n}\n');
      const editor = await openFile(uri);
      const summary = await run('invokePayloadFile', onErrorServer('strict-fn'), uri);
      assert.equal(summary?.errorCode, 'InvalidRequestContentException');
      assert.deepEqual(summary?.notice?.buttons, ['Show Problem']);
      const [rejected] = await diagnosticsWhen(uri, (found) => found.length === 1);
      assert.equal(rejected.code, PayloadDiagnosticCodes.rejected);
      assert.match(
        rejected.message,
        /^Lambda rejected this payload at the last invocation \(InvalidRequestContentException\): Could not parse request body into json/,
      );
      assert.deepEqual([rejected.range.start.line, rejected.range.start.character], [1, 10]);
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 11), ', "more": true'));
      await diagnosticsWhen(uri, (found) => found.length === 0);
    });
  });
});
