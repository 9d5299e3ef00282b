/**
 * Loaded by code-server's extension host as `extensionTestsPath` (dist/bench/screen/extensionHost.js), next to the
 * extension under development. It measures `activate()` from inside the host (the first activation: nothing has
 * touched the extension before this runs), then invokes the `screen-stamp` function on the Local connection
 * `LAMBDA_STREAM_BENCH_SCREEN_RUNS` times (plus a first, warm-up one), each into a fresh live document, exactly as a
 * Functions-view click would.
 * The page records when each stamp becomes visible; this side reports its own figures as one console line. After a
 * window reload (a new extension host) with {@link ACTIVATION_ONLY_FILE} in the workspace, it only measures activation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { COMMAND_PREFIX, EXTENSION_ID } from '../../src/constants';
import { ACTIVATION_ONLY_FILE, REPORT_PREFIX, type ScreenHostReport } from './protocol';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  let activateMs: number | undefined;
  if (!extension.isActive) {
    const started = performance.now();
    await extension.activate();
    activateMs = performance.now() - started;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const activationOnly = folder !== undefined && fs.existsSync(path.join(folder, ACTIVATION_ONLY_FILE));
  // One more than measured: the first invocation in a fresh window also loads the editor, grammar and endpoint.
  const runs = activationOnly ? 0 : Number(process.env.LAMBDA_STREAM_BENCH_SCREEN_RUNS ?? 5) + 1;
  const outcomes: string[] = [];
  for (let index = 0; index < runs; index++) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(300);
    const summary = await vscode.commands.executeCommand<{ outcome?: string } | undefined>(`${COMMAND_PREFIX}invoke`, {
      connection: { kind: 'local' },
      functionName: 'screen-stamp',
    });
    outcomes.push(summary?.outcome ?? 'nothing sent');
    await sleep(500); // the last refresh and reveal reach the page
  }
  const report: ScreenHostReport = { activateMs, outcomes };
  console.log(`${REPORT_PREFIX}${JSON.stringify(report)}`);
  await sleep(1000); // the runner reads the page before the workbench reacts to the end of the run
}
