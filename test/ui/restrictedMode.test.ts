import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openFile, pickFunction, startCommand } from './support/actions';
import { normaliseText, openWorkbench, screenshot, waitForOutput, type Workbench } from './support/workbench';

/** A row of the side bar whose label starts with `text`. */
function row(page: Page, text: string): Locator {
  return page
    .locator('.part.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: text }) })
    .first();
}

/**
 * What the untrusted workspace brings: its `.vscode/settings.json` (written by the runner, see
 * test/runner/mocha-node.mjs) and the handler files of its `functions/` folder.
 */
function untrustedWorkspace(): { settings: Record<string, unknown>; handlers: string[] } {
  const folder = process.env.LAMBDA_STREAM_RESTRICTED_WORKSPACE;
  if (!folder)
    throw new Error(
      'LAMBDA_STREAM_RESTRICTED_WORKSPACE is not set: run UI tests through `node test/runner/mocha-node.mjs ui`',
    );
  const settings = JSON.parse(fs.readFileSync(path.join(folder, '.vscode/settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const handlers = fs
    .readdirSync(path.join(folder, 'functions'))
    .filter((name) => /\.(mjs|cjs|js)$/.test(name))
    .map((name) => name.replace(/\.\w+$/, ''));
  return { settings, handlers };
}

describe('Lambda Stream in an untrusted workspace (Restricted Mode)', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench('restricted', { restricted: true });
  });

  after(async () => {
    await workbench?.close();
  });

  it('runs only the bundled samples, says why under Local, and offers to manage trust', async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="Lambda Stream"]').click();
    const notice = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Restricted Mode' }).first();
    await notice.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(
      normaliseText(await notice.innerText()),
      /only the bundled samples run, not this workspace's handlers/,
    );
    await screenshot(page, 'restricted-mode-local');

    await notice.click();
    // The click runs workbench.trust.manage: VS Code's Workspace Trust editor opens.
    await page
      .locator('.tabs-container .tab', { hasText: 'Workspace Trust' })
      .waitFor({ state: 'visible', timeout: 20_000 });
    const trustEditor = page.locator('.workspace-trust-editor');
    await trustEditor.waitFor({ state: 'visible' });
    await page.waitForTimeout(500);
    await screenshot(page, 'restricted-mode-manage-trust');
    assert.match(normaliseText(await trustEditor.innerText()), /Trusted Folders & Workspaces/);
  });

  it("ignores the workspace's settings for the functions folder, endpoints, ClientContext and TenantId", async () => {
    const { page } = workbench;
    const { settings, handlers } = untrustedWorkspace();
    assert.equal(settings['lambdaStream.local.functionsDir'], 'functions');
    assert.ok(handlers.includes('echo-event'), handlers.join(', '));
    const [workspaceEndpoint] = settings['lambdaStream.customEndpoints'] as { name: string }[];

    // The Lambda Stream view is still open from the scenario before (a second click on its icon would hide it).
    if (!(await row(page, 'Local').isVisible()))
      await page.locator('.activitybar .action-item a[aria-label^="Lambda Stream"]').click();
    const start = row(page, 'Local endpoint stopped');
    await start.waitFor({ state: 'visible', timeout: 30_000 });
    await start.click();
    for (const sample of [
      'token-stream',
      'big-report',
      'buffered',
      'http-response',
      'ndjson-rows',
      'midstream-failure',
    ]) {
      await row(page, sample).waitFor({ state: 'visible', timeout: 30_000 });
    }
    const labels = (await page.locator('.part.sidebar .monaco-list-row .label-name').allInnerTexts()).map(
      normaliseText,
    );
    for (const handler of handlers)
      assert.ok(!labels.includes(handler), `the workspace's handler ${handler} is listed: ${labels.join(', ')}`);
    const connections = (
      await page.locator('.part.sidebar .monaco-list-row[aria-level="1"] .label-name').allInnerTexts()
    ).map(normaliseText);
    assert.ok(connections.includes('Local'), connections.join(', '));
    assert.ok(
      !connections.some((name) => name.includes(workspaceEndpoint.name)),
      `the workspace's endpoint is a connection: ${connections.join(', ')}`,
    );
    assert.equal(await page.locator('.part.sidebar .monaco-list-row', { hasText: workspaceEndpoint.name }).count(), 0);
    await screenshot(page, 'restricted-mode-workspace-settings');

    // An invocation goes to the channel, as the workspace's (unrestricted) `output` setting asks: proof that its
    // settings file is read. Its ClientContext and TenantId would be named in the header; they are not sent.
    await openFile(page, 'token-stream.json');
    await startCommand(page, 'Lambda Stream: Invoke Function…');
    await pickFunction(page, 'token-stream');
    const { channel } = await waitForOutput(page, /── completed · /);
    assert.equal(channel, 'Lambda Stream');
    // The panel renders only the lines in view: go to the top, where the header is.
    await page.locator('.part.panel .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    const { text } = await waitForOutput(page, /payload payloads\/token-stream\.json/);
    const header = text.split('\n').find((line) => line.includes('payload payloads/token-stream.json'));
    assert.ok(header, text);
    assert.doesNotMatch(header, /client context|tenant/, header);
    assert.doesNotMatch(text, new RegExp(String(settings['lambdaStream.tenantId'])));
    await screenshot(page, 'restricted-mode-invoke-without-workspace-options');
  });
});
