import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { openFile, startCommand } from './support/actions';
import {
  normaliseText,
  openWorkbench,
  runCommand,
  screenshot,
  waitForOutput,
  type Workbench,
} from './support/workbench';

/**
 * Runs "Lambda Stream: Invoke Function…" from the palette and picks `functionName` in the function pick; `onPick`
 * runs while the filtered pick is open (a screenshot).
 */
async function invokeFromPalette(page: Page, functionName: string, onPick?: () => Promise<unknown>): Promise<void> {
  await startCommand(page, 'Lambda Stream: Invoke Function…');
  await pickFunction(page, functionName, onPick);
}

/** Chooses `functionName` in the function pick. */
async function pickFunction(page: Page, functionName: string, onPick?: () => Promise<unknown>): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page
    .locator('.quick-input-widget .quick-input-title', { hasText: 'Invoke' })
    .waitFor({ state: 'visible', timeout: 20_000 });
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: functionName })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(functionName);
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: functionName })
    .waitFor({ state: 'visible' });
  await onPick?.();
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** The text of the response document, shown in the second editor group. */
async function responseText(page: Page): Promise<string> {
  const lines = page.locator('.part.editor .editor-group-container').nth(1).locator('.monaco-editor .view-lines');
  if ((await lines.count()) === 0) return '';
  return normaliseText(await lines.first().innerText());
}

async function waitForResponse(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await responseText(page);
    if (pattern.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`the response document never showed ${pattern}; it had:\n${text}`);
}

const words = (text: string) =>
  text
    .replace(/^\/\/.*$/gm, '')
    .split(/\s+/)
    .filter(Boolean);

describe('Invoking from the command palette', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('streams the token-stream sample into a live document that grows, with Cancel in its title bar and no toast over it', async () => {
    workbench = await openWorkbench('invoke-stream');
    const { page } = workbench;
    await openFile(page, 'token-stream.json');
    await invokeFromPalette(page, 'token-stream', async () => {
      // The aliases and versions of the matching function are listed under it.
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'token-stream:live' })
        .waitFor({ state: 'visible', timeout: 20_000 });
      await screenshot(page, 'invoke-pick');
    });
    const early = await waitForResponse(page, /Response streaming lets/);
    const statusItem = page.locator('.part.statusbar .statusbar-item', { hasText: /token-stream · / });
    await statusItem.waitFor({ state: 'visible' });
    // The document is the progress: no notification lies over its newest lines, and nothing spins.
    const progressToasts = page.locator('.notifications-toasts .notification-toast', {
      hasText: 'Invoking token-stream',
    });
    assert.equal(await progressToasts.count(), 0);
    assert.equal(await statusItem.locator('.codicon-modifier-spin').count(), 0);
    // Editor actions show on the active group: a click on the response tab shows Cancel and Save Output As… there.
    const responseGroup = page.locator('.part.editor .editor-group-container').nth(1);
    await responseGroup.locator('.tab.active').click();
    const titleActions = responseGroup.locator('.editor-actions');
    await titleActions.locator('.action-label[aria-label^="Cancel Invocation"]').waitFor({ state: 'visible' });
    await titleActions.locator('.action-label[aria-label^="Save Output As"]').waitFor({ state: 'visible' });
    await screenshot(page, 'invoke-streaming-1');
    await page.waitForTimeout(1500);
    const later = await responseText(page);
    await screenshot(page, 'invoke-streaming-2');
    assert.ok(!/── completed/.test(early), 'the first look already showed the end: not a live stream');
    assert.ok(words(later).length > words(early).length, `the document did not grow:\n${early}\n---\n${later}`);
    const final = await waitForResponse(page, /── completed · version \$LATEST/);
    assert.match(final, /InvokeComplete event\./);
    await statusItem.waitFor({ state: 'detached' });
    await screenshot(page, 'invoke-completed');
  });

  it('streams server-sent events from a function URL: status and headers first, then each event as it is sent', async () => {
    workbench = await openWorkbench('invoke-url-sse');
    const { page } = workbench;
    await openFile(page, 'sse-events.json');
    // As a user would: the payload's lenses are up (the extension has seen the editor) before the command runs; run
    // sooner, the command could find no active payload in a window that had only just opened.
    await page.locator('.part.editor .codelens-decoration', { hasText: 'Function URL' }).first().waitFor();
    await startCommand(page, 'Lambda Stream: Invoke Function URL…');
    await pickFunction(page, 'sse-events');
    const early = await waitForResponse(page, /event: token/);
    assert.match(early, /function URL POST \/chat/);
    assert.match(early, /HTTP 200/);
    assert.match(early, /content-type: text\/event-stream;\s*charset=utf-8/);
    assert.ok(!/── completed/.test(early), 'the first look already showed the end: not a live stream');
    await screenshot(page, 'invoke-url-sse-streaming');
    await page.waitForTimeout(1200);
    const later = await responseText(page);
    assert.ok(
      (later.match(/event: token/g) ?? []).length > (early.match(/event: token/g) ?? []).length,
      `no new events arrived:\n${early}\n---\n${later}`,
    );
    const final = await waitForResponse(page, /── completed · status 200/);
    assert.match(final, /event: done/);
    await screenshot(page, 'invoke-url-sse-completed');
  });

  it("cancels from the response's title bar: the output so far stays, and it says the function may keep running", async () => {
    workbench = await openWorkbench('invoke-cancel');
    const { page } = workbench;
    await openFile(page, 'token-stream.json');
    await invokeFromPalette(page, 'token-stream');
    await waitForResponse(page, /Response streaming lets/);
    const responseGroup = page.locator('.part.editor .editor-group-container').nth(1);
    await responseGroup.locator('.tab.active').click();
    const cancel = responseGroup.locator('.editor-actions .action-label[aria-label^="Cancel Invocation"]');
    await cancel.hover();
    await screenshot(page, 'invoke-title-cancel');
    await cancel.click();
    const text = await waitForResponse(page, /── cancelled after/);
    assert.ok(!/InvokeComplete event\./.test(text), 'the stream ran to its end');
    await page
      .locator('.notifications-toasts .notification-toast', {
        hasText: 'Cancelled token-stream. It may keep running in Lambda, billed until it ends.',
      })
      .waitFor({ state: 'visible' });
    await page.waitForTimeout(500); // let the toast finish sliding in before the picture
    await screenshot(page, 'invoke-cancelled');
  });

  it('shows a mid-stream failure in the output channel, the partial output above it, and offers Show Log / Re-run', async () => {
    const settingsDir = path.join(process.env.LAMBDA_STREAM_WORKSPACE!, '.vscode');
    fs.mkdirSync(settingsDir, { recursive: true });
    fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'lambdaStream.output': 'channel' }));
    try {
      workbench = await openWorkbench('invoke-channel');
      const { page } = workbench;
      await openFile(page, 'midstream-failure.json');
      await invokeFromPalette(page, 'midstream-failure');
      // No live document shows this response, so a progress notification offers Cancel (VS Code keeps it 800 ms).
      const progress = page.locator('.notifications-toasts .notification-toast', {
        hasText: 'Invoking midstream-failure',
      });
      await progress.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await progress.locator('.monaco-button', { hasText: 'Cancel' }).count(), 1);
      const toast = page.locator('.notifications-toasts .notification-toast', {
        hasText: 'midstream-failure failed after 3 chunks with Error: boom at row 3.',
      });
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await toast.locator('.monaco-button', { hasText: 'Show Log' }).count(), 1);
      assert.equal(await toast.locator('.monaco-button', { hasText: 'Re-run' }).count(), 1);
      await waitForOutput(page, /── log tail ──/);
      await runCommand(page, 'View: Toggle Maximized Panel');
      const output = await waitForOutput(
        page,
        /── failed: The function failed after 3 chunks with Error: boom at row 3\./,
      );
      assert.equal(output.channel, 'Lambda Stream');
      assert.match(output.text, /step 1 of 4 done\s+step 2 of 4 done\s+step 3 of 4 done\s+── failed/);
      assert.match(output.text, /── log tail ──/);
      await screenshot(page, 'invoke-channel-failure');
    } finally {
      fs.rmSync(settingsDir, { recursive: true, force: true });
    }
  });

  it('"Invoke with Options…" runs a dry run without a log tail, chosen in the options pick', async () => {
    workbench = await openWorkbench('invoke-options');
    const { page } = workbench;
    await openFile(page, 'token-stream.json');
    await startCommand(page, 'Lambda Stream: Invoke with Options…');
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'choose the options' })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Log tail' }).click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dry run' }).click();
    await screenshot(page, 'invoke-options');
    await page.keyboard.press('Enter');
    await pickFunction(page, 'token-stream');
    const text = await waitForResponse(page, /── completed · .*status 204/);
    assert.match(text, /dry run · no log tail/);
    assert.ok(!/log tail ──/.test(text), 'a log tail was shown');
    await page
      .locator('.notifications-toasts .notification-toast', { hasText: 'Dry run of token-stream passed' })
      .waitFor({ state: 'visible' });
  });

  it('never sends invalid JSON: names line and column, and "Go to Problem" selects it', async () => {
    const broken = path.join(process.env.LAMBDA_STREAM_WORKSPACE!, 'payloads', 'broken.json');
    fs.writeFileSync(broken, '{\n  "prompt": "hi",\n}\n');
    try {
      workbench = await openWorkbench('invoke-invalid');
      const { page } = workbench;
      await openFile(page, 'broken.json');
      await startCommand(page, 'Lambda Stream: Invoke Function…');
      const toast = page.locator('.notifications-toasts .notification-toast', {
        hasText: 'is not valid JSON, so nothing was sent',
      });
      await toast.waitFor({ state: 'visible', timeout: 20_000 });
      assert.match(
        normaliseText(await toast.innerText()),
        /The payload in payloads\/broken\.json is not valid JSON, so nothing was sent\. Line 3, column 1: /,
      );
      assert.equal(
        await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Invoke' }).isVisible(),
        false,
        'the function pick opened',
      );
      await page.waitForTimeout(500); // let the toast finish sliding in before the picture
      await screenshot(page, 'invoke-invalid-json-message');
      await toast.locator('.monaco-button', { hasText: 'Go to Problem' }).click();
      await page.locator('.part.statusbar', { hasText: 'Ln 3, Col 1' }).waitFor({ state: 'visible' });
      await screenshot(page, 'invoke-invalid-json');
    } finally {
      fs.rmSync(broken, { force: true });
    }
  });
});
