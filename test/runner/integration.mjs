// Runs the mocha suite in dist/test/integration inside a real VS Code extension host: code-server 4.100.3 opened
// by headless chromium, with extensionDevelopmentPath / extensionTestsPath passed in the workbench URL payload.
// The suite's run() reports its result through codeAutomationExit; its console arrives through codeAutomationLog.
// On a desktop with VS Code, `npm run test:electron` runs the same suite with @vscode/test-electron.
import { format } from 'node:util';
import { join } from 'node:path';
import { launchBrowser, projectRoot, startWorkbench } from './workbench.mjs';

/** Workbench chatter with no bearing on the suite: the closed network's failed look-ups and start-up progress. */
const harmlessNoise =
  /ENOTFOUND (open-vsx\.org|[\w.-]*(telemetry|microsoft|visualstudio)[\w.-]*)|Creating a socket|connection token|Service Worker|builtin extensions cache|ChatSessionStore/;
const timeoutMs = Number(process.env.LAMBDA_STREAM_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);
const workbench = await startWorkbench({ label: 'integration' });
let browser;
let exitCode = 1;
let sawClosingLine = false;
try {
  browser = await launchBrowser(workbench.stateDir);
  const page = browser.pages()[0] ?? (await browser.newPage());
  const finished = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // Judged by its first line (the rest is a stack): a test failure that mentions a noisy word further down (a path
    // with "Service Worker" in it) must still show.
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (harmlessNoise.test(text.split('\n', 1)[0])) return;
    if (/^integration: \d+ passed, \d+ failed$/m.test(text)) sawClosingLine = true;
    (type === 'error' ? console.error : console.log)(text);
  });
  await page.goto(workbench.pageUrl({ extensionTestsPath: join(projectRoot, 'dist/test/integration') }));
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const result = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    console.error(
      `integration: the extension-host suite did not finish within ${timeoutMs / 1000} s; stopping code-server.`,
    );
  } else {
    exitCode = result;
  }
} catch (error) {
  console.error(`integration: could not run the extension-host suite: ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser?.close().catch(() => {});
  await workbench.stop();
}
if (!sawClosingLine) console.log(`integration: 0 passed, 1 failed`);
process.exit(exitCode === 0 && sawClosingLine ? 0 : 1);
