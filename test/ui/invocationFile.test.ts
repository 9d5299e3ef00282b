import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, waitForResponse } from './support/actions';
import { normaliseText, openWorkbench, screenshot, type Workbench } from './support/workbench';

const SMOKE = [
  '# Smoke tests of the streaming samples',
  '@prompt = Why stream?',
  '# @connection local',
  '',
  '### Tokens, word by word',
  'INVOKE token-stream:live',
  '{ "prompt": "{{prompt}}", "delayMs": 120 }',
  '',
  '### Events through the URL',
  'POST sse-events /chat',
  'accept: text/event-stream',
  '',
  '{ "prompt": "{{prompt}}", "delayMs": 60 }',
  '',
  '### NDJSON rows',
  '# @log none',
  'INVOKE ndjson-rows',
  '{ "rows": 5, "delayMs": 0 }',
  '',
].join('\n');

describe('An invocation file in the workbench', () => {
  let workbench: Workbench | undefined;
  const file = () => path.join(process.env.LAMBDA_STREAM_WORKSPACE!, 'smoke.invoke');

  afterEach(async () => {
    await workbench?.close();
    workbench = undefined;
    fs.rmSync(file(), { force: true });
  });

  it('shows three invocations, each with its CodeLens; one streams into the live document from its lens', async () => {
    fs.writeFileSync(file(), SMOKE);
    workbench = await openWorkbench('invocation-file');
    const { page } = workbench;
    await openFile(page, 'smoke.invoke');
    const editor = page.locator('.part.editor .editor-group-container').first();
    const invokeLenses = editor.locator('.codelens-decoration a', { hasText: 'Invoke' });
    await editor
      .locator('.codelens-decoration', { hasText: 'Invoke All (3)' })
      .waitFor({ state: 'visible', timeout: 20_000 });
    // Invoke All, then one ▷ Invoke per invocation.
    const deadline = Date.now() + 20_000;
    while ((await invokeLenses.count()) < 4 && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok((await invokeLenses.count()) >= 4, 'Invoke All and three ▷ Invoke lenses');
    // The request keywords are highlighted by the grammar (not plain text).
    const keyword = editor.locator('.view-line span', { hasText: /^INVOKE$/ }).first();
    await keyword.waitFor({ state: 'visible' });
    type Styled = { getComputedStyle(element: unknown): { color: string } };
    const color = await keyword.evaluate(
      (element) => (globalThis as unknown as Styled).getComputedStyle(element).color,
    );
    const plain = await editor
      .locator('.view-line span', { hasText: /^accept$/ })
      .first()
      .evaluate((element) => (globalThis as unknown as Styled).getComputedStyle(element.closest('.view-line')).color);
    assert.notEqual(color, plain, 'INVOKE is coloured as a keyword');
    await screenshot(page, 'invocation-file');

    const first = editor.locator('.codelens-decoration', { hasText: 'Invoke' }).nth(1);
    await first
      .locator('a', { hasText: /^\s*Invoke$/ })
      .first()
      .click();
    const early = await waitForResponse(page, /Response streaming lets/);
    assert.ok(!/── completed/.test(early), 'the document showed the end at once: not a live stream');
    assert.match(normaliseText(early).replace(/\s+/g, ' '), /smoke\.invoke › Tokens, word by word/);
    await screenshot(page, 'invocation-file-streaming');
    await waitForResponse(page, /── completed · version 2/, 60_000);
    await editor
      .locator('.codelens-decoration', { hasText: /200 · \d+\.\d s · \d+ chunks/ })
      .waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(page, 'invocation-file-result');
  });
});
