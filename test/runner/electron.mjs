// `npm run test:electron`, for a desktop with a display and network access: @vscode/test-electron downloads the
// minimum VS Code this extension supports and runs the same extension-host suite as test/runner/integration.mjs.
// It cannot run on the project's CI machines (no VS Code download there); code-server covers it there.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const stateDir = mkdtempSync(join(tmpdir(), 'lambda-stream-electron-'));
const workspace = join(stateDir, 'workspace');
cpSync(join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist/test/integration'),
    // A profile of its own inside the state folder, which the secrets test searches (LAMBDA_STREAM_STATE_DIR).
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      `--user-data-dir=${join(stateDir, 'user-data')}`,
    ],
    extensionTestsEnv: { LAMBDA_STREAM_STATE_DIR: stateDir },
  });
} catch (error) {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
