/**
 * The Invocation Details webview's options, worked out from where the extension is really installed: its pages may
 * load files from the extension's `media/` folder only (not the workspace, not the extension's code), may not submit
 * forms or follow `command:` links. The page's CSP and assets are checked by the unit tests (test/unit/history).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import { detailsWebviewOptions } from '../../src/extension/history/detailsPanel';

/** True when `child` is `parent` or lies below it. */
function isWithin(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

describe('webview security: the Invocation Details panel', () => {
  it("loads local resources from the extension's media/ folder and nowhere else", () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const options = detailsWebviewOptions(extension.extensionUri);
    const roots = options.localResourceRoots ?? [];
    assert.deepEqual(
      roots.map((root) => root.toString()),
      [vscode.Uri.joinPath(extension.extensionUri, 'media').toString()],
    );
    const media = roots[0].fsPath;
    assert.equal(media, path.join(extension.extensionPath, 'media'));
    // The folder holds the page's assets, and not the extension's code or manifest.
    for (const asset of ['details/details.js', 'details/details.css'])
      assert.ok(fs.existsSync(path.join(media, asset)), `${asset} is not under ${media}`);
    assert.ok(!isWithin(path.join(extension.extensionPath, 'dist'), media));
    assert.ok(!isWithin(path.join(extension.extensionPath, 'package.json'), media));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      assert.ok(
        !isWithin(folder.uri.fsPath, media) && !isWithin(media, folder.uri.fsPath),
        `the workspace ${folder.uri.fsPath} overlaps ${media}`,
      );
    }
  });

  it('runs its own script, but submits no forms and follows no command links', () => {
    const options = detailsWebviewOptions(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri);
    assert.equal(options.enableScripts, true);
    assert.equal(options.enableForms, false);
    assert.equal(options.enableCommandUris, false);
    assert.equal(options.portMapping, undefined);
  });
});
