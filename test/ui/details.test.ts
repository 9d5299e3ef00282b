import * as assert from 'node:assert/strict';
import { openFile, pickFunction, startCommand, waitForResponse, webviewFrame } from './support/actions';
import { normaliseText, openWorkbench, runCommand, screenshot, type Workbench } from './support/workbench';

describe('Invocation Details in the workbench', () => {
  let workbench: Workbench | undefined;

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
  });

  it('charts the chunks of the token-stream sample over time, with the metrics beside', async () => {
    workbench = await openWorkbench('details');
    const { page } = workbench;
    await openFile(page, 'token-stream.json');
    await startCommand(page, 'Lambda Stream: Invoke Function…');
    await pickFunction(page, 'token-stream');
    await waitForResponse(page, /── completed · /);
    await runCommand(page, 'View: Close Editors in Other Groups');

    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Lambda Stream: Show Recent Invocations');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Show Recent Invocations' })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 });
    await page.keyboard.press('Enter');
    const recent = page.locator('.quick-input-list .monaco-list-row', { hasText: 'token-stream' }).first();
    await recent.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(
      normaliseText(await recent.innerText()),
      /token-stream\s*Local · payloads\/token-stream\.json \(\d+ bytes\)\s+completed · [\d.]+ B · \d+ chunks · [\d.]+ s · \d\d:\d\d:\d\d/,
    );
    await screenshot(page, 'details-recent-invocations');
    await page.keyboard.press('Escape');

    await runCommand(page, 'Lambda Stream: Show Invocation Details');
    const frame = await webviewFrame(page, 'svg.timeline circle');
    const marks = await frame.locator('svg.timeline .marks circle').count();
    assert.ok(marks > 40, `${marks} chunk marks`);
    const metrics = normaliseText(await frame.locator('section.facts').first().innerText());
    assert.match(metrics, /Time to first byte\s+\d+ ms/);
    assert.match(metrics, new RegExp(`Chunks\\s+${marks}`));
    assert.match(
      normaliseText(await frame.locator('header').innerText()),
      /token-stream #\d+\s+token-stream completed\./,
    );
    await page.waitForTimeout(300);
    await screenshot(page, 'details-chart');
  });
});
