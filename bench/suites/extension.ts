/**
 * What the extension costs and how fast its output reaches the eye:
 * - `extension`: the size of `dist/extension.js` as the .vsix ships it (built here in memory with the production
 *   options of esbuild.mjs, so the development build in dist/ is left alone);
 * - `screen`: chunk to screen in a real VS Code. code-server opened by headless chromium, the extension under
 *   development, and a handler on the Local endpoint writing a stamped line every 50 ms. The page records when each
 *   stamp is painted; the delay from the handler's write covers the endpoint, the engine, the document's batching,
 *   the extension host → renderer hop, Monaco and following the end of the document. p99 is per run of 100 stamps
 *   (the 99th), then medianed across runs. The same workbench measures `activate()` inside the extension host once
 *   per window load: the first load also streams, the reloads after it only activate.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { projectRoot } from '../harness/childProcess';
import { stopOnExit } from '../harness/cleanup';
import { percentile } from '../harness/stats';
import {
  ACTIVATION_ONLY_FILE,
  type Busy,
  delaysByRun,
  HOST_STALL_MS,
  type ScreenHostReport,
  slowStampCauses,
  type StampSighting,
} from '../screen/protocol';
import { progress, type SuiteContext } from './context';
import { LARGE_RESPONSE_MB, STAMPS_PER_RUN, Workbench, writeStampWorkspace } from './workbench';

/** Stamps slower than this (the p99 target) are explained in a note: what was busy while they were under way. */
const SLOW_STAMP_MS = 60;

interface CodeServerModule {
  startCodeServer(options: {
    stateDir: string;
    workspace: string;
    env?: Record<string, string>;
  }): Promise<{ url: string; stop(): Promise<void> }>;
  workbenchUrl(
    base: string,
    folder: string,
    paths: { extensionDevelopmentPath: string; extensionTestsPath: string },
  ): string;
}

/** A size, not a timing: the build is deterministic, so it is measured once (its min and max are the median). */
export async function extensionCostSuite(context: SuiteContext): Promise<void> {
  const result = await esbuild.build({
    entryPoints: [path.join(projectRoot, 'src', 'extension.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    outfile: path.join(projectRoot, 'dist', 'extension.js'),
    logLevel: 'silent',
  });
  const kb = result.outputFiles.reduce((total, file) => total + file.contents.byteLength, 0) / 1024;
  context.results.add('bundle_kb', kb, 'KiB');
  progress('bundle', `dist/extension.js (production) ${kb.toFixed(0)} KiB`);
}

export async function screenSuite(context: SuiteContext): Promise<void> {
  // Short names: code-server's IPC socket path, under this folder, must stay below the 107-character limit.
  const stateDir = fs.mkdtempSync(path.join(context.scratchDir, 's-'));
  const workspace = path.join(stateDir, 'workspace');
  writeStampWorkspace(workspace);
  const codeServer = (await import(
    pathToFileURL(path.join(projectRoot, 'scripts', 'code-server.mjs')).href
  )) as CodeServerModule;
  const server = await codeServer.startCodeServer({
    stateDir: path.join(stateDir, 'cs'),
    workspace,
    env: { LAMBDA_STREAM_BENCH_SCREEN_RUNS: String(context.rounds) },
  });
  let workbench: Workbench | undefined;
  const forget = stopOnExit(async () => {
    await workbench?.close();
    await server.stop();
  });
  try {
    workbench = await Workbench.launch(path.join(stateDir, 'chromium'));
    const url = codeServer.workbenchUrl(server.url, workspace, {
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: path.join(projectRoot, 'dist', 'bench', 'screen', 'extensionHost.js'),
    });
    const report = await workbench.open(url);
    recordActivation(context, report);
    recordScreen(context, await workbench.sightings(), await workbench.longTasks(), report.hostStalls ?? []);
    fs.writeFileSync(path.join(workspace, ACTIVATION_ONLY_FILE), '');
    for (let load = 1; load < context.rounds; load++) recordActivation(context, await workbench.reload());
  } finally {
    forget();
    await workbench?.close();
    await server.stop();
  }
}

function recordActivation(context: SuiteContext, report: ScreenHostReport): void {
  if (report.activateMs === undefined) {
    context.results.note('activate_ms: the extension was already active when the host script ran; not counted.');
  } else if (report.loadMs === undefined || report.activateCallMs === undefined) {
    context.results.note("activate_ms: the extension's main module was loaded before the host script could time it.");
  } else {
    // The extension's own cost (load + activate call); the caller's wait also holds VS Code's ExtensionContext.
    context.results.add('activate_ms', report.loadMs + report.activateCallMs, 'ms');
    context.results.add('activate_load_ms', report.loadMs, 'ms');
    context.results.add('activate_call_ms', report.activateCallMs, 'ms');
    context.results.add('activate_wait_ms', report.activateMs, 'ms');
  }
  for (const ms of report.settleMs ?? []) {
    context.results.add(`screen_settle_ms.${LARGE_RESPONSE_MB}mb`, ms, 'ms');
    progress(`settle ${LARGE_RESPONSE_MB} MB`, `${ms.toFixed(0)} ms after the last chunk`);
  }
  const outcomes = report.outcomes.length > 0 ? `; invocations: ${report.outcomes.join(', ')}` : '';
  const own =
    report.loadMs !== undefined && report.activateCallMs !== undefined
      ? `load ${report.loadMs.toFixed(1)} + activate ${report.activateCallMs.toFixed(1)} ms; `
      : '';
  progress('activate', `${own}caller waited ${report.activateMs?.toFixed(0) ?? '–'} ms${outcomes}`);
}

function recordScreen(
  context: SuiteContext,
  sightings: readonly StampSighting[],
  windowBusy: readonly Busy[],
  hostBusy: readonly Busy[],
): void {
  const measured = new Set<string>();
  // The first run is the host's warm-up invocation (first document, grammar and endpoint start in this window).
  for (const { run, delays } of delaysByRun(sightings).slice(1)) {
    if (delays.length < STAMPS_PER_RUN * 0.9) {
      context.results.note(
        `screen run ${run}: only ${delays.length} of ${STAMPS_PER_RUN} stamps became visible; run ignored.`,
      );
      continue;
    }
    measured.add(run);
    context.results.add('screen_ms.p50', percentile(delays, 50), 'ms');
    context.results.add('screen_ms.p99', percentile(delays, 99), 'ms');
    progress(
      `screen run ${run.slice(-5)}`,
      `${delays.length} stamps, p50 ${percentile(delays, 50).toFixed(1)} ms, p99 ${percentile(delays, 99).toFixed(1)} ms`,
    );
  }
  const causes = slowStampCauses(sightings, measured, SLOW_STAMP_MS, windowBusy, hostBusy);
  if (causes.slow > 0) {
    context.results.note(
      `screen_ms: ${causes.slow} stamps took over ${SLOW_STAMP_MS} ms. While they were under way, the window's main ` +
        `thread ran a long task (50 ms or more) for ${causes.window}, the extension host's event loop was blocked ` +
        `${HOST_STALL_MS} ms or more for ${causes.host}, neither for ${causes.neither}. ` +
        `Long tasks in the window: ${windowBusy.length}; extension-host stalls: ${hostBusy.length}.`,
    );
  }
}
