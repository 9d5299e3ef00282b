// A disposable VS Code for tests: code-server in a fresh temporary state folder, opened on a copy of the test
// workspace (test/fixtures/workspace), so tests may change files without touching the repository.
// Also launches Debian's chromium through playwright-core with the flags this machine needs.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';

export const projectRoot = join(import.meta.dirname, '../..');

/**
 * Starts code-server for one test layer. `settings` are user settings; `workspaceSettings` go into this workbench's
 * copy of the workspace as `.vscode/settings.json` (what a cloned repository would bring along).
 * @param {{label: string, settings?: Record<string, unknown>, workspaceSettings?: Record<string, unknown>, workspaceTrust?: boolean, verbose?: boolean}} options
 */
export async function startWorkbench({
  label,
  settings = {},
  workspaceSettings,
  workspaceTrust = false,
  verbose = Boolean(process.env.LAMBDA_STREAM_VERBOSE),
}) {
  const stateDir = mkdtempSync(join(tmpdir(), `lambda-stream-${label}-`));
  const workspace = join(stateDir, 'workspace');
  cpSync(join(projectRoot, 'test/fixtures/workspace'), workspace, { recursive: true });
  if (workspaceSettings) {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
  }
  const log = verbose ? (line) => console.log(`[code-server] ${line}`) : () => {};
  // LAMBDA_STREAM_STATE_DIR tells the extension host where everything of this run is written (the secrets test searches it).
  const env = { LAMBDA_STREAM_STATE_DIR: stateDir };
  const server = await startCodeServer({
    stateDir: join(stateDir, 'code-server'),
    workspace,
    settings,
    workspaceTrust,
    env,
    log,
  });
  return {
    url: server.url,
    workspace,
    stateDir,
    /** The workbench URL with this project loaded as the extension under development. */
    pageUrl: (extra = {}) => workbenchUrl(server.url, workspace, { extensionDevelopmentPath: projectRoot, ...extra }),
    async stop() {
      await server.stop();
      if (!process.env.LAMBDA_STREAM_KEEP_STATE) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches headless Debian chromium with a throwaway profile inside `stateDir`. The launch options live in
 * chromium.json, which the UI tests read too; CHROMIUM_PATH overrides the binary.
 */
export async function launchBrowser(stateDir) {
  const options = JSON.parse(readFileSync(join(import.meta.dirname, 'chromium.json'), 'utf8'));
  return chromium.launchPersistentContext(join(stateDir, 'chromium'), {
    ...options,
    executablePath: process.env.CHROMIUM_PATH ?? options.executablePath,
  });
}
