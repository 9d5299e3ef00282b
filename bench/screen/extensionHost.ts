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
import Module from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { COMMAND_PREFIX, EXTENSION_ID, RESPONSE_SCHEME } from '../../src/constants';
import { ACTIVATION_ONLY_FILE, type Busy, HOST_STALL_MS, REPORT_PREFIX, type ScreenHostReport } from './protocol';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Large responses streamed per window (each ~30 MB, see `writeStampWorkspace`). */
const LARGE_RUNS = 2;
/** Lines of the large response (100 bytes each). */
const LARGE_LINES = 300_000;

/**
 * Invokes `screen-large` into a live document and returns how long after the invocation ended (the command resolves
 * once the last chunk and the outcome were handed to the document) the editor's copy of the document held all of
 * it: every line and the footer, as the window's model sent it back to this host.
 */
async function largeResponseSettles(): Promise<number> {
  const isLarge = (document: vscode.TextDocument) =>
    document.uri.scheme === RESPONSE_SCHEME && document.uri.path.includes('screen-large');
  const earlier = new Set(vscode.workspace.textDocuments.filter(isLarge).map((document) => document.uri.toString()));
  const summary = await vscode.commands.executeCommand<{ outcome?: string } | undefined>(`${COMMAND_PREFIX}invoke`, {
    connection: { kind: 'local' },
    functionName: 'screen-large',
  });
  const ended = performance.now();
  if (summary?.outcome !== 'completed') throw new Error(`screen-large: ${summary?.outcome ?? 'nothing sent'}`);
  for (;;) {
    const document = vscode.workspace.textDocuments.find(
      (candidate) => isLarge(candidate) && !earlier.has(candidate.uri.toString()),
    );
    if (document && document.lineCount > LARGE_LINES && endsWithFooter(document)) return performance.now() - ended;
    if (performance.now() - ended > 120_000) throw new Error('screen-large: the document did not settle in 120 s');
    await sleep(10);
  }
}

function endsWithFooter(document: vscode.TextDocument): boolean {
  for (let line = document.lineCount - 1; line >= Math.max(0, document.lineCount - 6); line--) {
    if (document.lineAt(line).text.includes('── completed')) return true;
  }
  return false;
}

/**
 * Records the stretches this extension host's event loop was blocked for {@link HOST_STALL_MS} or more (a 5 ms timer
 * that came that much late), on the wall-clock-based scale of the stamps; `stop` ends it and returns them.
 */
function watchHostStalls(): { stop(): Busy[] } {
  const stalls: Busy[] = [];
  const every = 5;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - every;
    if (late >= HOST_STALL_MS) stalls.push({ at: performance.timeOrigin + last + every, ms: late });
    last = now;
  }, every);
  return {
    stop() {
      clearInterval(timer);
      return stalls;
    },
  };
}

interface OwnTimes {
  loadMs?: number;
  activateCallMs?: number;
}

interface ExtensionModule {
  exports: { activate(...args: unknown[]): unknown; deactivate?(...args: unknown[]): unknown };
}

type LoadHook = (module: ExtensionModule, filename: string) => void;

/**
 * Times the extension's own part of its activation the way VS Code's Running Extensions view does: the load of its
 * main module (read, compile, evaluate: hooked in Node's loader for that one file) and the `activate` call (its
 * export wrapped). The hook is removed at its first use; the object it fills is read after `activate()` returned.
 */
function timeOwnActivation(mainFile: string): OwnTimes {
  const times: OwnTimes = {};
  const loaders = (Module as unknown as { _extensions: Record<string, LoadHook> })._extensions;
  const original = loaders['.js'];
  const wanted = mainFile.endsWith('.js') ? mainFile : `${mainFile}.js`;
  loaders['.js'] = function (this: unknown, module, filename) {
    if (path.resolve(filename) !== wanted) return original.call(this, module, filename);
    loaders['.js'] = original;
    const started = performance.now();
    original.call(this, module, filename);
    times.loadMs = performance.now() - started;
    const loaded = module.exports;
    module.exports = {
      activate(...args) {
        const calledAt = performance.now();
        try {
          return loaded.activate(...args);
        } finally {
          times.activateCallMs = performance.now() - calledAt;
        }
      },
      deactivate: (...args) => loaded.deactivate?.(...args),
    };
  };
  return times;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  let activateMs: number | undefined;
  let own: OwnTimes = {};
  if (!extension.isActive) {
    own = timeOwnActivation(path.resolve(extension.extensionPath, extension.packageJSON.main as string));
    const started = performance.now();
    await extension.activate();
    activateMs = performance.now() - started;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const activationOnly = folder !== undefined && fs.existsSync(path.join(folder, ACTIVATION_ONLY_FILE));
  // One more than measured: the first invocation in a fresh window also loads the editor, grammar and endpoint.
  const runs = activationOnly ? 0 : Number(process.env.LAMBDA_STREAM_BENCH_SCREEN_RUNS ?? 5) + 1;
  const outcomes: string[] = [];
  const stalls = watchHostStalls();
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
  const hostStalls = stalls.stop();
  const settleMs: number[] = [];
  for (let index = 0; index < (activationOnly ? 0 : LARGE_RUNS); index++) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(300);
    settleMs.push(await largeResponseSettles());
  }
  const report: ScreenHostReport = {
    activateMs,
    loadMs: own.loadMs,
    activateCallMs: own.activateCallMs,
    outcomes,
    settleMs,
    hostStalls,
  };
  console.log(`${REPORT_PREFIX}${JSON.stringify(report)}`);
  await sleep(1000); // the runner reads the page before the workbench reacts to the end of the run
}
