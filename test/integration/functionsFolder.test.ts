/**
 * A Local functions folder with mistakes, through the real extension: a manifest with wrong types is marked in the
 * Problems panel at each wrong value (before anything runs, without being opened, and as the person edits it,
 * never writing the file), and a handler with a syntax error fails with its file and line while the sound handlers
 * of the same folder still run.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../src/constants';
import {
  activateExtension,
  closeAllEditors,
  invoke,
  openPayload,
  outputBytes,
  waitFor,
  withSetting,
} from './support/invoking';
import { readWorkspaceFile, writeWorkspaceFile } from './support/payloadFiles';

const FOLDER = 'broken-functions';
const MANIFEST = [
  '// a manifest with three mistakes and one good setting',
  '{',
  '  "functions": {',
  '    "good": { "timeout": 2.5, "description": "kept", "memorySize": "512" },',
  '    "broken": 7',
  '  }',
  '}',
  '',
].join('\n');

function manifestDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

function described(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${diagnostic.message}`;
}

describe('functions folder: a mistyped manifest and a handler with a syntax error', function () {
  this.timeout(60_000);
  let manifest: vscode.Uri;

  before(async () => {
    await activateExtension();
    manifest = await writeWorkspaceFile(`${FOLDER}/lambda-stream.json`, MANIFEST);
    await writeWorkspaceFile(
      `${FOLDER}/good.mjs`,
      'export const handler = awslambda.streamifyResponse(async (event, stream) => {\n  stream.end("good\\n");\n});\n',
    );
    await writeWorkspaceFile(
      `${FOLDER}/broken.mjs`,
      'export const handler = async () => {\n  const total = 1 +;\n  return total;\n};\n',
    );
  });
  afterEach(closeAllEditors);
  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, FOLDER), {
      recursive: true,
    });
  });

  it("marks each wrong value of the configured folder's manifest in Problems, unopened, and leaves the file alone", () =>
    withSetting('local.functionsDir', FOLDER, async () => {
      await waitFor(() => manifestDiagnostics(manifest).length > 0, 10_000);
      assert.deepEqual(manifestDiagnostics(manifest).map(described), [
        "4:26-4:29 functions.good.timeout must be an integer from 1 to 900, not 2.5; the Local endpoint ignores this setting and uses Lambda's default.",
        '4:68-4:73 functions.good.memorySize must be an integer from 128 to 10240, not "512"; the Local endpoint ignores this setting and uses Lambda\'s default.',
        "5:15-5:16 functions.broken must be an object of settings, not 7; the Local endpoint ignores this function's settings.",
      ]);
      assert.ok(
        manifestDiagnostics(manifest).every((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error),
      );
      assert.equal(await readWorkspaceFile(manifest), MANIFEST);
    }));

  it('re-checks the manifest as it is edited, before it is saved', () =>
    withSetting('local.functionsDir', FOLDER, async () => {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manifest));
      const line = editor.document.lineAt(3);
      const at = line.text.indexOf('2.5');
      await editor.edit((edit) => edit.replace(new vscode.Range(3, at, 3, at + 3), '30'));
      await waitFor(() => manifestDiagnostics(manifest).length === 2, 10_000);
      assert.deepEqual(
        manifestDiagnostics(manifest).map((diagnostic) => diagnostic.message.split(';')[0]),
        [
          'functions.good.memorySize must be an integer from 128 to 10240, not "512"',
          'functions.broken must be an object of settings, not 7',
        ],
      );
      await editor.edit((edit) =>
        edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '{ "functions": '),
      );
      await waitFor(
        () =>
          manifestDiagnostics(manifest).length === 1 &&
          /^not valid JSON/.test(manifestDiagnostics(manifest)[0].message),
        10_000,
      );
      assert.match(
        manifestDiagnostics(manifest)[0].message,
        /^not valid JSON \(ValueExpected\); the Local endpoint ignores the whole manifest\.$/,
      );
      assert.equal(await readWorkspaceFile(manifest), MANIFEST, 'the edits were not saved by the extension');
    }));

  it('a handler with a syntax error fails naming its file and line; the good one in the same folder runs', () =>
    withSetting('local.functionsDir', FOLDER, async () => {
      await openPayload('{}');
      const broken = await invoke('broken');
      assert.equal(broken.outcome, 'completed');
      assert.equal(broken.functionErrorCode, 'Runtime.UserCodeSyntaxError');
      assert.ok(broken.notice);
      assert.match(
        broken.notice.message,
        /^broken failed with Runtime\.UserCodeSyntaxError: SyntaxError: Unexpected token ';' \(broken\.mjs:2\)/,
      );
      const good = await invoke('good');
      assert.equal(good.outcome, 'completed');
      assert.equal(outputBytes(good).toString('utf8'), 'good\n');
    }));
});
