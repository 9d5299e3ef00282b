import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { normaliseText, openWorkbench, screenshot, type Workbench } from './support/workbench';

/** A row of the Functions view whose label starts with `text`. */
function row(page: Page, text: string): Locator {
  return page
    .locator('.part.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: text }) })
    .first();
}

/** Drags the sash right of the side bar so descriptions and the view title are not cut off. */
async function widenSideBar(page: Page, by: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(x + by, y, { steps: 5 });
  await page.mouse.up();
}

describe('Functions view in the workbench', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench('tree');
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows Local with a Start item, starts the endpoint, and lists the sample functions with aliases and versions', async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="Lambda Stream"]').click();
    await widenSideBar(page, 220);
    const start = row(page, 'Local endpoint stopped');
    await start.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(normaliseText(await start.innerText()), /Local endpoint stopped — Start/);
    await screenshot(page, 'tree-local-stopped');

    await start.click();
    const tokenStream = row(page, 'token-stream');
    await tokenStream.waitFor({ state: 'visible', timeout: 30_000 });
    for (const name of ['big-report', 'buffered', 'http-response', 'ndjson-rows']) {
      await row(page, name).waitFor({ state: 'visible' });
    }
    // The streaming hint arrives after the listing: the description then says so.
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: 'token-stream' })
      .filter({ hasText: 'streams' })
      .first()
      .waitFor({ timeout: 20_000 });

    await tokenStream.click();
    await row(page, 'live').waitFor({ state: 'visible', timeout: 20_000 });
    await row(page, 'Version 2').waitFor({ state: 'visible' });
    const live = normaliseText(await row(page, 'live').innerText());
    assert.match(live, /→ 2/);
    const rows = await page.locator('.part.sidebar .monaco-list-row .label-name').allInnerTexts();
    const names = rows.map(normaliseText);
    assert.ok(names.indexOf('big-report') < names.indexOf('token-stream'), names.join(', '));
    await screenshot(page, 'tree-local-expanded');

    // The tooltip holds what a person checks before invoking.
    await tokenStream.locator('.label-name').hover();
    const hover = page.locator('.monaco-hover', { hasText: 'Timeout: 30 s' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(normaliseText(await hover.innerText()), /ARN: arn:aws:lambda:[\w-]+:\d{12}:function:token-stream/);
    await screenshot(page, 'tree-function-tooltip');
    await page.mouse.move(900, 600);
  });

  it('filters the functions from the view title, showing the filter in the view description', async () => {
    const { page } = workbench;
    await page.locator('.part.sidebar .composite.title, .part.sidebar .pane-header').first().hover();
    await page.locator('.part.sidebar .action-label[aria-label="Filter Functions…"]').first().click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('ndjson');
    await page.keyboard.press('Enter');
    await page
      .locator('.part.sidebar')
      .getByText('Showing functions whose name contains "ndjson".')
      .waitFor({ state: 'visible', timeout: 10_000 });
    await page
      .locator('.part.sidebar .action-label[aria-label="Clear Functions Filter"]')
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await row(page, 'token-stream').waitFor({ state: 'detached', timeout: 10_000 });
    await row(page, 'ndjson-rows').waitFor({ state: 'visible' });
    await screenshot(page, 'tree-filtered');
    await page.locator('.part.sidebar .action-label[aria-label="Clear Functions Filter"]').first().click();
    await row(page, 'token-stream').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('shows the connection for palette invocations in the status bar; clicking it offers the connections', async () => {
    const { page } = workbench;
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: 'Local' }).first();
    await status.waitFor({ state: 'visible' });
    await status.click();
    const picker = page.locator('.quick-input-widget');
    await picker.getByText('Select Profile and Region').waitFor({ state: 'visible', timeout: 10_000 });
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'the bundled endpoint' })
      .waitFor({ state: 'visible' });
    await screenshot(page, 'tree-select-connection');
    await page.keyboard.press('Escape');
  });
});
