/**
 * Invocation files inside the real extension host, against its own Local endpoint serving the samples: the language,
 * diagnostics at the exact spot (and how an environment resolves them), the CodeLens with each invocation's last
 * result, completion of variables, options and Local's function names, the hover, runs of one invocation, of a
 * function URL request and of all of them, and an export.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../src/constants';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import { activateExtension, bodyOf, closeAllEditors, finalText, run, waitFor } from './support/invoking';
import { recordingNotifications } from './support/notifications';
import { codeLenses, eventually, openFile, writeWorkspaceFile } from './support/payloadFiles';

const FILE = [
  '# Smoke tests of the sample streaming functions',
  '@prompt = Why stream?',
  '# @connection local',
  '',
  '### tokens',
  '# @log none',
  'INVOKE token-stream:live',
  '{ "prompt": "{{prompt}} ({{stage}})", "delayMs": 5 }',
  '',
  '### events',
  'POST sse-events /chat',
  'accept: text/event-stream',
  '',
  '{ "prompt": "{{prompt}}", "delayMs": 5 }',
  '',
  '### rows',
  'INVOKE ndjson-rows',
  '{ "rows": 3, "delayMs": 0 }',
  '',
].join('\n');

const ourDiagnostics = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);

describe('Invocation files (.invoke)', function () {
  this.timeout(90_000);
  let uri: vscode.Uri;

  before(async () => {
    await activateExtension();
    await writeWorkspaceFile(
      'invocations/lambda-stream.env.json',
      JSON.stringify({ $shared: { stage: 'shared' }, dev: { stage: 'dev' } }),
    );
    uri = await writeWorkspaceFile('invocations/smoke.invoke', FILE);
    await run('selectInvocationEnvironment', uri, null);
  });
  afterEach(closeAllEditors);
  after(async () => {
    await run('selectInvocationEnvironment', uri, null);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'invocations'), {
      recursive: true,
    });
  });

  it('is its own language, with the CodeLens above each invocation and Invoke All at the top', async () => {
    const editor = await openFile(uri);
    assert.equal(editor.document.languageId, 'lambda-invocations');
    const lenses = await eventually(async () => {
      const found = await codeLenses(uri);
      return found.length >= 7 ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title]),
      [
        [0, '$(run-all) Invoke All (3)'],
        [0, 'Environment: none'],
        [6, '$(play) Invoke'],
        [6, 'Dry run'],
        [10, '$(play) Invoke'],
        [16, '$(play) Invoke'],
        [16, 'Dry run'],
      ],
    );
    assert.deepEqual(ourDiagnostics(uri), [], 'with $shared, {{stage}} is defined');
  });

  it('marks an unknown variable and JSON broken after substitution at their spot, until the text is fixed', async () => {
    const broken = await writeWorkspaceFile(
      'invocations/broken.invoke',
      '### one\nINVOKE token-stream\n{ "a": "{{nope}}" }\n### two\n@list = 1,\nINVOKE token-stream\n{ "b": [{{list}}] }\n',
    );
    const editor = await openFile(broken);
    const diagnostics = await eventually(async () => {
      const found = ourDiagnostics(broken);
      return found.length === 2 ? found : undefined;
    });
    const text = editor.document.getText();
    assert.equal(editor.document.getText(diagnostics[0].range), '{{nope}}');
    assert.match(diagnostics[0].message, /\{\{nope\}\} is not defined/);
    assert.equal(diagnostics[1].range.start.line, 6, 'the JSON error is on the line typed');
    await editor.edit((edit) =>
      edit.replace(
        new vscode.Range(
          editor.document.positionAt(text.indexOf('{{nope}}')),
          editor.document.positionAt(text.indexOf('{{nope}}') + 8),
        ),
        'fine',
      ),
    );
    await waitFor(() => ourDiagnostics(broken).length === 1);
  });

  it('runs an invocation from its CodeLens with the environment chosen, and shows its result in the lens', async () => {
    await openFile(uri);
    await run('selectInvocationEnvironment', uri, 'dev');
    const summary = await run<InvocationSummary | undefined>('invokeFromFile', uri, 0);
    assert.ok(summary, 'nothing was sent');
    assert.equal(summary.outcome, 'completed');
    assert.equal(summary.target, 'token-stream:live');
    const text = await finalText(summary);
    assert.match(text, /smoke\.invoke › tokens · inline/);
    assert.ok(bodyOf(text).length > 100);
    const lens = await eventually(async () =>
      (await codeLenses(uri)).find((candidate) =>
        /^200 · \d+\.\d s · \d+ chunks$/.test(candidate.command?.title ?? ''),
      ),
    );
    assert.equal(lens.range.start.line, 6);
    assert.equal((await codeLenses(uri))[1].command?.title, 'Environment: dev');
    await run('selectInvocationEnvironment', uri, null);
  });

  it('runs a function URL request, and Invoke All runs every invocation in order', async () => {
    await openFile(uri);
    const events = await run<InvocationSummary | undefined>('invokeFromFile', uri, 1);
    assert.equal(events?.outcome, 'completed');
    assert.match(await finalText(events!), /HTTP 200[\s\S]*text\/event-stream[\s\S]*event: done/);
    const all = await run<InvocationSummary[]>('invokeAllInFile', uri);
    assert.deepEqual(
      all.map((summary) => [summary.target, summary.outcome]),
      [
        ['token-stream:live', 'completed'],
        ['sse-events', 'completed'],
        ['ndjson-rows', 'completed'],
      ],
    );
  });

  it('does not send an invocation with problems, and says why', async () => {
    const bad = await writeWorkspaceFile('invocations/bad.invoke', '### bad\n# @log loud\nINVOKE token-stream\n');
    await openFile(bad);
    const shown = await recordingNotifications(async (notices) => {
      const summary = await run('invokeFromFile', bad, 0);
      assert.equal(summary, undefined);
      return notices;
    });
    assert.match(shown[0].message, /bad\.invoke › bad has problems, so nothing was sent: @log takes tail or none\./);
    assert.deepEqual(shown[0].items, ['Show Problems']);
  });

  it('completes variables, options and the Local functions, and the hover shows the request', async () => {
    const editor = await openFile(uri);
    const complete = async (line: number, character: number) =>
      (
        await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          uri,
          new vscode.Position(line, character),
        )
      ).items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    await editor.edit((edit) => edit.insert(new vscode.Position(8, 0), '{{\n# @\nINVOKE \n'));
    const variables = await complete(8, 2);
    assert.ok(
      variables.includes('prompt') && variables.includes('stage') && variables.includes('$uuid'),
      variables.join(', '),
    );
    const options = await complete(9, 3);
    assert.ok(options.includes('connection') && options.includes('dry-run'), options.join(', '));
    const functions = await complete(10, 7);
    assert.ok(functions.includes('token-stream') && functions.includes('sse-events'), functions.join(', '));
    await vscode.commands.executeCommand('undo');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(6, 3),
    );
    const hover = hovers
      .map((item) => item.contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n'))
      .join('\n');
    assert.match(hover, /InvokeWithResponseStream `token-stream:live`/);
    assert.match(hover, /"prompt": "Why stream\? \(shared\)"/);
  });

  it('exports an invocation as a command to paste', async () => {
    await openFile(uri);
    const snippet = await run<string>('exportInvocation', uri, 0, 'aws-cli');
    assert.match(snippet, /aws lambda invoke \\\n {2}--function-name token-stream \\\n {2}--qualifier live/);
    assert.equal(await vscode.env.clipboard.readText(), snippet);
  });
});
