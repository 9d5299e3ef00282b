/**
 * The browser side of the screen suite: headless chromium (launch options shared with the UI tests) on the
 * code-server workbench, with the stamp observer installed before VS Code loads and the extension-host script's
 * console wired back here (its errors about lambda-stream, or everything with LAMBDA_STREAM_VERBOSE=1). `open` and
 * `reload` each resolve with the report of one extension-host session.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../harness/childProcess';
import { installStampObserver } from '../screen/pageObserver';
import { type Busy, parseHostReport, type ScreenHostReport, type StampSighting } from '../screen/protocol';

export const STAMPS_PER_RUN = 100;
const STAMP_EVERY_MS = 50;
/** How long one extension-host session may take (workbench start, activation, the streaming runs). */
const SESSION_DEADLINE_MS = 300_000;

/** A workspace whose Local connection serves one function, `screen-stamp`: a stamped line every 50 ms. */
/** Size of the large response whose settling the screen suite times (`screen_settle_ms.30mb`). */
export const LARGE_RESPONSE_MB = 30;

export function writeStampWorkspace(dir: string): void {
  const functions = path.join(dir, 'functions');
  fs.mkdirSync(functions, { recursive: true });
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(functions, 'screen-stamp.mjs'),
    [
      'export const handler = awslambda.streamifyResponse(async (_event, stream) => {',
      '  const run = Math.round(performance.timeOrigin + performance.now());',
      `  for (let index = 0; index < ${STAMPS_PER_RUN}; index++) {`,
      `    await new Promise((resolve) => setTimeout(resolve, ${STAMP_EVERY_MS}));`,
      '    stream.write(`stamp S${run}-${index}@${(performance.timeOrigin + performance.now()).toFixed(1)}\\n`);',
      '  }',
      '  stream.end();',
      '});',
      '',
    ].join('\n'),
  );
  // The large response: LARGE_RESPONSE_MB of numbered 100-byte lines in 1 MB writes, as fast as the endpoint takes them.
  fs.writeFileSync(
    path.join(functions, 'screen-large.mjs'),
    [
      'export const handler = awslambda.streamifyResponse(async (_event, stream) => {',
      "  const line = (n) => `line ${String(n).padStart(9, '0')} ${'x'.repeat(84)}\\n`;",
      `  for (let mb = 0; mb < ${LARGE_RESPONSE_MB}; mb++) {`,
      "    let text = '';",
      '    for (let index = 0; index < 10_000; index++) text += line(mb * 10_000 + index);',
      '    if (!stream.write(text)) await new Promise((resolve) => stream.once("drain", resolve));',
      '  }',
      '  stream.end();',
      '});',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(functions, 'lambda-stream.json'),
    JSON.stringify({ functions: { 'screen-stamp': { timeout: 60 }, 'screen-large': { timeout: 120 } } }),
  );
  fs.writeFileSync(
    path.join(dir, '.vscode', 'settings.json'),
    JSON.stringify({
      'lambdaStream.local.functionsDir': 'functions',
      'lambdaStream.output': 'document',
      'lambdaStream.logTail': false,
    }),
  );
}

export class Workbench {
  private waiting: { resolve(report: ScreenHostReport): void; reject(error: Error): void } | undefined;

  private constructor(
    private readonly browser: BrowserContext,
    private readonly page: Page,
  ) {}

  static async launch(profileDir: string): Promise<Workbench> {
    const { chromium } = await import('playwright-core');
    const launch = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test', 'runner', 'chromium.json'), 'utf8')) as {
      executablePath: string;
    };
    const browser = await chromium.launchPersistentContext(profileDir, {
      ...launch,
      executablePath: process.env.CHROMIUM_PATH ?? launch.executablePath,
    });
    const workbench = new Workbench(browser, browser.pages()[0] ?? (await browser.newPage()));
    await workbench.wire();
    return workbench;
  }

  /** Loads the workbench and waits for the extension-host session's report. */
  open(url: string): Promise<ScreenHostReport> {
    return this.session(() => this.page.goto(url));
  }

  /** Reloads the window (a new extension host) and waits for that session's report. */
  reload(): Promise<ScreenHostReport> {
    return this.session(() => this.page.reload());
  }

  /** Every stamp sighting the page recorded since it was last loaded. */
  async sightings(): Promise<StampSighting[]> {
    return this.page.evaluate(
      () => (globalThis as { __lambdaStreamStamps?: StampSighting[] }).__lambdaStreamStamps ?? [],
    );
  }

  /** The page's long tasks (50 ms or more of its main thread) since it was last loaded. */
  async longTasks(): Promise<Busy[]> {
    return this.page.evaluate(() => (globalThis as { __lambdaStreamLongTasks?: Busy[] }).__lambdaStreamLongTasks ?? []);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }

  private async wire(): Promise<void> {
    await this.page.exposeFunction('codeAutomationExit', (code: number) => {
      if (Number(code) !== 0) this.waiting?.reject(new Error(`the extension-host script ended with code ${code}`));
    });
    await this.page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
      const report = parseHostReport(text);
      if (report) this.waiting?.resolve(report);
      else if (process.env.LAMBDA_STREAM_VERBOSE || (type === 'error' && /lambda-?stream/i.test(text)))
        console.log(`  [extension host] ${text.slice(0, 600)}`);
    });
    await this.page.addInitScript(installStampObserver);
  }

  private async session(navigate: () => Promise<unknown>): Promise<ScreenHostReport> {
    let timer: NodeJS.Timeout | undefined;
    const report = new Promise<ScreenHostReport>((resolve, reject) => {
      this.waiting = { resolve, reject };
      timer = setTimeout(
        () => reject(new Error(`no report from the extension host within ${SESSION_DEADLINE_MS / 1000} s`)),
        SESSION_DEADLINE_MS,
      );
    });
    try {
      await navigate();
      return await report;
    } finally {
      clearTimeout(timer);
      this.waiting = undefined;
    }
  }
}
