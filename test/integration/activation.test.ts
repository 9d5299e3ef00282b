import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_PREFIX, EXTENSION_ID, Views } from '../../src/constants';

describe('extension activation', () => {
  it('is installed under its id and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not known to VS Code`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every command the manifest contributes, each in the Lambda Stream category', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const contributed: { command: string; category?: string }[] = extension.packageJSON.contributes.commands;
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command, category } of contributed) {
      assert.ok(command.startsWith(COMMAND_PREFIX), `${command} lacks the ${COMMAND_PREFIX} prefix`);
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
      assert.equal(category, 'Lambda Stream', `${command} is not in the Lambda Stream category`);
    }
  });

  it('contributes the Functions view in its own activity-bar container, and the view can be revealed', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const containers: { id: string }[] = extension.packageJSON.contributes.viewsContainers.activitybar;
    assert.ok(containers.some((container) => container.id === Views.container));
    const views: { id: string; name: string }[] = extension.packageJSON.contributes.views[Views.container];
    assert.deepEqual(
      views.map((view) => [view.id, view.name]),
      [[Views.functions, 'Functions']],
    );
    // The workbench generates a `<viewId>.focus` command for every registered view.
    await vscode.commands.executeCommand(`${Views.functions}.focus`);
  });
});
