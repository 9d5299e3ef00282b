/**
 * Workbench steps the payload and details scenarios share, as a person does them: open a file with Quick Open,
 * reveal it in the explorer and right-click it, pick a function in the invoke pick, read the response document,
 * open the Problems panel, and find a webview's frame.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import { normaliseText } from './workbench';

/** Opens a workspace file by name with Quick Open. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: name })
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator('.part.editor .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  if (name.endsWith('.json')) {
    // As a user would, a payload is invoked once its lenses show: the extension has seen the editor by then. A
    // command typed in the same instant could run before the extension host knows the editor is active (seen twice
    // in the full suite: the invocation went out with no payload). JSON files without lenses go on after 8 s.
    await page
      .locator('.part.editor .codelens-decoration')
      .first()
      .waitFor({ state: 'visible', timeout: 8_000 })
      .catch(() => undefined);
  }
}

/** The explorer row of a file or folder, by its name. */
export function explorerRow(page: Page, name: string): Locator {
  return page
    .locator('.explorer-folders-view .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    })
    .first();
}

/**
 * Shows the Explorer, expands `folder` (unless the restored view state has it open already) and right-clicks `file`;
 * returns the context menu's item labelled `item`. The explorer may still re-render while it restores its state, so
 * a menu opened on another row is closed and the right-click repeated.
 */
export async function explorerMenuItem(page: Page, folder: string, file: string, item: string): Promise<Locator> {
  await page.keyboard.press('Control+Shift+E');
  await page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: 20_000 });
  const folderRow = explorerRow(page, folder);
  await folderRow.waitFor({ state: 'visible', timeout: 20_000 });
  await page.waitForTimeout(500);
  if ((await folderRow.getAttribute('aria-expanded')) === 'false') await folderRow.click();
  const fileRow = explorerRow(page, file);
  await fileRow.waitFor({ state: 'visible', timeout: 20_000 });
  for (let attempt = 0; ; attempt++) {
    await fileRow.click({ button: 'right' });
    const entry = page.locator('.context-view .monaco-menu .action-item', { hasText: item }).first();
    const found = await entry.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (found || attempt === 2) return entry;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
}

/** Runs a context-menu item; a menu that re-renders while it opens can swallow the first click. */
export async function chooseMenuItem(page: Page, item: Locator): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt === 0) await item.click();
    else {
      await item.hover();
      await page.keyboard.press('Enter');
    }
    if (
      await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error('the context menu did not run the item');
}

/** F1, the command's title, Enter: for commands that go on with quick picks of their own. */
export async function startCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
}

/** Chooses `functionName` in the function pick once it lists it. */
export async function pickFunction(page: Page, functionName: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: functionName })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(functionName);
  const focused = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: functionName });
  // The list is re-rendered while aliases and versions arrive; an Enter that lands in between is pressed again.
  for (let attempt = 0; attempt < 3; attempt++) {
    await focused.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    if (
      await input.waitFor({ state: 'hidden', timeout: 3_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`the function pick did not accept ${functionName}`);
}

/** Waits until the response document (second editor group) shows `pattern`; returns its text. */
export async function waitForResponse(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const lines = page
    .locator('.part.editor .editor-group-container')
    .nth(1)
    .locator('.monaco-editor .view-lines')
    .first();
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await lines.count()) > 0 ? normaliseText(await lines.innerText()) : '';
    if (pattern.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`the response document never showed ${pattern}; it had:\n${text}`);
}

/** The frame of the webview whose document has an element matching `selector`. */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator(selector)
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview showed ${selector}`);
}
