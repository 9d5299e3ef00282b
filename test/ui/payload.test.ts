import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseMenuItem, explorerMenuItem, openFile, pickFunction, waitForResponse } from './support/actions';
import { normaliseText, openWorkbench, runCommand, screenshot, type Workbench } from './support/workbench';

/** Writes a payload file into the workspace under test before the workbench opens it. */
function writePayload(name: string, text: string): string {
  const file = path.join(process.env.LAMBDA_STREAM_WORKSPACE!, 'payloads', name);
  fs.writeFileSync(file, text);
  return file;
}

describe('Payload files in the workbench', () => {
  let workbench: Workbench | undefined;
  const written: string[] = [];

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  after(() => {
    for (const file of written) fs.rmSync(file, { force: true });
  });

  it('right-click a payload → Invoke with This Payload asks for the function once; then the CodeLens invokes it', async () => {
    written.push(writePayload('ui-right-click.json', '{ "prompt": "right-click", "words": 8, "delayMs": 30 }\n'));
    workbench = await openWorkbench('payload-right-click');
    const { page } = workbench;
    const item = await explorerMenuItem(page, 'payloads', 'ui-right-click.json', 'Invoke with This Payload');
    await item.hover();
    await screenshot(page, 'payload-explorer-menu');
    await chooseMenuItem(page, item);
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Invoke with This Payload' })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await pickFunction(page, 'token-stream');
    await waitForResponse(page, /── completed · /);

    await openFile(page, 'ui-right-click.json');
    const lens = page.locator('.part.editor .codelens-decoration', { hasText: 'Invoke token-stream (Local)' }).first();
    await lens.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(
      normaliseText(await lens.innerText()),
      /Invoke token-stream \(Local\)\s*\|\s*Change target\s*\|\s*Dry run/,
    );
    await screenshot(page, 'payload-codelens');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await lens.locator('a', { hasText: 'Invoke token-stream (Local)' }).click();
    const text = await waitForResponse(page, /── completed · /);
    assert.match(text.replace(/\n/g, ''), /payload payloads\/ui-right-click\.json/);
  });

  it('squiggles a trailing comma and fixes it from the lightbulb menu (Ctrl+.)', async () => {
    written.push(writePayload('ui-broken.json', '{\n  "prompt": "fix me",\n  "words": 4,\n}\n'));
    workbench = await openWorkbench('payload-quick-fix');
    const { page } = workbench;
    await openFile(page, 'ui-broken.json');
    // The CodeLens says the extension has looked at the file; VS Code's own JSON squiggles may come earlier.
    await page
      .locator('.part.editor .codelens-decoration', { hasText: 'Invoke' })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.part.editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.keyboard.press('Control+G');
    await page.keyboard.type('3:13');
    await page.keyboard.press('Enter');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Remove trailing commas' });
    for (let attempt = 0; attempt < 3 && !(await fix.isVisible()); attempt++) {
      await page.keyboard.press('Control+.');
      await fix.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    }
    await fix.waitFor({ state: 'visible', timeout: 1_000 });
    await page.waitForTimeout(300);
    await screenshot(page, 'payload-quick-fix');
    await page.keyboard.press('Enter');
    await page.locator('.part.editor .squiggly-error').waitFor({ state: 'detached', timeout: 10_000 });
    const editorText = normaliseText(await page.locator('.part.editor .monaco-editor .view-lines').first().innerText());
    assert.match(editorText, /"words": 4\s*\}/);
    assert.doesNotMatch(editorText, /4,/);
    await screenshot(page, 'payload-quick-fix-applied');
  });

  it('lists a failed invocation in the Problems panel, at the failure point of its response', async () => {
    written.push(writePayload('ui-fails.json', '{ "failAfter": 2, "message": "boom at row 2" }\n'));
    workbench = await openWorkbench('payload-problems');
    const { page } = workbench;
    await chooseMenuItem(page, await explorerMenuItem(page, 'payloads', 'ui-fails.json', 'Invoke with This Payload'));
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Invoke with This Payload' })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await pickFunction(page, 'midstream-failure');
    await waitForResponse(page, /── failed: /);
    await runCommand(page, 'View: Focus Problems');
    const problem = page
      .locator('.part.panel .markers-panel .monaco-list-row', {
        hasText: 'midstream-failure failed after 2 chunks with Error: boom at row 2.',
      })
      .first();
    await problem.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(300);
    await screenshot(page, 'payload-problems-panel');
  });

  it('a function in the Functions view offers Invoke with Payload File… and Dry Run', async () => {
    workbench = await openWorkbench('payload-tree');
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="Lambda Stream"]').click();
    const treeRow = (text: string) =>
      page.locator('.part.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: text }) }).first();
    const start = treeRow('Local endpoint stopped');
    if (
      await start.waitFor({ state: 'visible', timeout: 15_000 }).then(
        () => true,
        () => false,
      )
    )
      await start.click();
    const tokenStream = treeRow('ndjson-rows');
    await tokenStream.waitFor({ state: 'visible', timeout: 30_000 });
    await tokenStream.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-item', { hasText: 'Dry Run' }).waitFor({ state: 'visible', timeout: 10_000 });
    const withFile = menu.locator('.action-item', { hasText: 'Invoke with Payload File…' });
    await withFile.hover();
    await screenshot(page, 'payload-tree-menu');
    await chooseMenuItem(page, withFile);
    const input = page.locator('.quick-input-widget input');
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Invoke ndjson-rows with Payload File' })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill('hello.json');
    await page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'hello.json' })
      .waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await waitForResponse(page, /── completed · /);
    await page
      .locator('.part.editor .tab', { hasText: /^ndjson-rows #\d+/ })
      .first()
      .waitFor({ state: 'visible' });
    await page.locator('.part.editor .tab', { hasText: 'hello.json' }).first().waitFor({ state: 'visible' });
  });
});
