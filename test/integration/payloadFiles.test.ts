/**
 * Payload files: "Invoke with This Payload" with the file's Uri (what the explorer's context menu and the editor
 * title button pass), the target asked for once and then remembered per file, the CodeLens on payload files only,
 * Dry run, and the Functions-view commands Invoke with Payload File… and Dry Run. The file is never written to.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, bodyOf, closeAllEditors, finalText, local, run } from './support/invoking';
import {
  codeLenses,
  eventually,
  openFile,
  openPayloadText,
  readWorkspaceFile,
  writeWorkspaceFile,
} from './support/payloadFiles';

const lensTitles = async (uri: vscode.Uri) => (await codeLenses(uri)).map((lens) => lens.command?.title);

describe('payload files: right-click invoke, the remembered target, CodeLens and dry run', function () {
  this.timeout(90_000);

  before(activateExtension);
  afterEach(closeAllEditors);

  it('asks for the target the first time, then invokes the remembered one, never writing into the file', async () => {
    const text = '{ "words": 3, "delayMs": 1 }\n';
    const uri = await writeWorkspaceFile('payloads/right-click.json', text);
    // The last target is offered first in the pick; accepting it is what a person pressing Enter does.
    await openPayloadText('files-beta.json', '{ "words": 1, "delayMs": 0 }');
    await run('invoke', local('token-stream', 'beta'));
    const first = run('invokePayloadFile', uri);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const asked = await first;
    assert.ok(asked, 'nothing was invoked after the pick');
    assert.equal(asked.target, 'token-stream:beta');

    await openPayloadText('files-one-word.json', '{ "words": 1 }');
    const again = await run('invokePayloadFile', uri);
    assert.ok(again);
    assert.equal(again.target, 'token-stream:beta');
    const shown = await finalText(again);
    assert.match(shown, /payload payloads\/right-click\.json \(\d+ bytes\)/);
    assert.equal(bodyOf(shown).trim().split(' ').length, 3, 'the file, not the active editor, was sent');
    assert.equal(await readWorkspaceFile(uri), text);
  });

  it('shows the CodeLens on payloads-folder files and bound files only; the lens invokes the bound target', async () => {
    const unbound = await writeWorkspaceFile('payloads/lens.json', '{ "rows": 2, "delayMs": 0 }\n');
    const elsewhere = await writeWorkspaceFile('config/other.json', '{ "rows": 1, "delayMs": 0 }\n');
    await openFile(unbound);
    assert.deepEqual(await lensTitles(unbound), ['$(play) Invoke…', 'Dry run…', '$(globe) Function URL…']);
    await openFile(elsewhere);
    assert.deepEqual(await lensTitles(elsewhere), []);

    const bound = await run('invokeWithPayloadFile', local('ndjson-rows'), unbound);
    assert.equal(bound?.target, 'ndjson-rows');
    const lenses = await eventually(async () => {
      const found = await codeLenses(unbound);
      return found[0]?.command?.title.startsWith('$(play) Invoke ndjson-rows') ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((lens) => lens.command?.title),
      ['$(play) Invoke ndjson-rows (Local)', 'Change target', 'Dry run', '$(globe) Function URL'],
    );
    assert.ok(lenses.every((lens) => lens.range.start.line === 0));
    assert.deepEqual(lenses[0].command?.arguments?.map(String), [unbound.toString()]);
    const viaLens = await vscode.commands.executeCommand<{ target: string; chunks: number } | undefined>(
      lenses[0].command!.command,
      ...lenses[0].command!.arguments!,
    );
    assert.equal(viaLens?.target, 'ndjson-rows');
    assert.equal(viaLens?.chunks, 2);

    await run('invokeWithPayloadFile', local('ndjson-rows'), elsewhere);
    await eventually(async () => ((await lensTitles(elsewhere)).length === 4 ? true : undefined));
  });

  it('Change target rebinds the file without invoking it; the CodeLens follows', async () => {
    const uri = await writeWorkspaceFile('payloads/rebind.json', '{ "rows": 1 }\n');
    await run('invokeWithPayloadFile', local('ndjson-rows'), uri);
    await openFile(uri);
    const changed = run<{ functionName: string; qualifier?: string } | undefined>('changePayloadTarget', uri);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The pick offers the current binding first; the next row is another target.
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const target = await changed;
    assert.ok(target, 'no target was chosen');
    const name = `${target.functionName}${target.qualifier ? `:${target.qualifier}` : ''}`;
    assert.notEqual(name, 'ndjson-rows');
    await eventually(async () => ((await lensTitles(uri))[0] === `$(play) Invoke ${name} (Local)` ? true : undefined));
  });

  it('Dry run from the CodeLens and from a Functions-view node checks without running (status 204)', async () => {
    const uri = await writeWorkspaceFile('payloads/dry.json', '{ "words": 2 }\n');
    await run('invokeWithPayloadFile', local('token-stream', 'live'), uri);
    const lens = (await codeLenses(uri)).find((candidate) => candidate.command?.title === 'Dry run');
    assert.ok(lens?.command);
    const dry = await vscode.commands.executeCommand<
      { documentUri: string; events: string[]; target: string } | undefined
    >(lens.command.command, ...lens.command.arguments!);
    assert.ok(dry);
    assert.equal(dry.target, 'token-stream:live');
    assert.deepEqual(dry.events, ['started', 'complete']);
    assert.match(await finalText(dry as never), /dry run[\s\S]*── completed · .*status 204/);

    await openFile(uri);
    const fromNode = await run('dryRun', { target: local('buffered') });
    assert.ok(fromNode);
    assert.equal(fromNode.target, 'buffered');
    assert.match(await finalText(fromNode), /payload payloads\/dry\.json .*dry run/);
  });
});
