/**
 * What a person does in the workbench, as playwright steps: open VS Code on the test workspace, run a command from
 * the palette, read the Output panel, take a screenshot. The runner (test/runner/mocha-node.mjs ui) starts one
 * code-server for all scenarios and passes its address in LAMBDA_STREAM_WORKBENCH_URL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import launchOptions from '../../runner/chromium.json';

export interface Workbench {
  readonly page: Page;
  close(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run UI tests through \`node test/runner/mocha-node.mjs ui\``);
  return value;
}

/**
 * Opens a fresh browser on the workbench and waits until VS Code has rendered its parts. `restricted` opens the
 * second workbench, whose workspace is untrusted (Restricted Mode).
 */
export async function openWorkbench(scenario: string, { restricted = false } = {}): Promise<Workbench> {
  const url = requiredEnv(restricted ? 'LAMBDA_STREAM_RESTRICTED_WORKBENCH_URL' : 'LAMBDA_STREAM_WORKBENCH_URL');
  const stateDir = fs.mkdtempSync(path.join(requiredEnv('LAMBDA_STREAM_UI_STATE'), `${scenario}-`));
  const browser = await chromium.launchPersistentContext(path.join(stateDir, 'chromium'), {
    ...launchOptions,
    executablePath: process.env.CHROMIUM_PATH ?? launchOptions.executablePath,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(url);
  await page.locator('.monaco-workbench .part.sidebar').waitFor({ timeout: 60_000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  return {
    page,
    async close() {
      await browser.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Monaco renders spaces as U+00A0; tests compare plain text. */
export function normaliseText(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** Runs a command by its palette title ("Lambda Stream: …"), as a person would: F1, type, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** The text of the editor in the panel (the Output view) and the name of the selected output channel. */
export async function readOutputPanel(page: Page): Promise<{ channel: string; text: string }> {
  const lines = page.locator('.part.panel .monaco-editor .view-lines');
  await lines.waitFor({ state: 'visible', timeout: 20_000 });
  const channel = await page
    .locator('.part.panel select.monaco-select-box')
    .first()
    .evaluate((select) => {
      // Runs in the page; typed structurally because the test tsconfig has no DOM library.
      const element = select as unknown as { selectedIndex: number; options: ArrayLike<{ text: string }> };
      return element.options[element.selectedIndex]?.text ?? '';
    });
  return { channel: normaliseText(channel), text: normaliseText(await lines.innerText()) };
}

/** Waits until the Output panel shows text matching `pattern`, and returns it. */
export async function waitForOutput(
  page: Page,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<{ channel: string; text: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = { channel: '', text: '' };
  while (Date.now() < deadline) {
    last = await readOutputPanel(page).catch(() => last);
    if (pattern.test(last.text)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`the Output panel never showed ${pattern}; channel "${last.channel}" had:\n${last.text}`);
}

/** Saves a PNG of the whole window under test-results/screenshots (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = requiredEnv('LAMBDA_STREAM_SCREENSHOTS');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
