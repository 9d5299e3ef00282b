// Runs one plain-Node test layer (built by esbuild into dist/test/<layer>) with mocha and prints the closing line
// `<layer>: N passed, N failed`. Usage: node test/runner/mocha-node.mjs unit|ui [substring …]
// The substrings keep only the test files whose path contains one of them (handy while working on one module).
// The ui layer runs against one code-server started here for all its scenarios (see test/runner/workbench.mjs).
import Mocha from 'mocha';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../..');
const [layer, ...filters] = process.argv.slice(2);
if (layer !== 'unit' && layer !== 'ui') {
  console.error('usage: node test/runner/mocha-node.mjs unit|ui [substring …]');
  process.exit(2);
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const path = join(dir, item.name);
    if (item.isDirectory()) return findTests(path);
    return item.name.endsWith('.test.js') ? [path] : [];
  });
}

const files = findTests(join(root, 'dist/test', layer))
  .filter((file) => filters.length === 0 || filters.some((filter) => relative(root, file).includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`${layer}: no test files found under dist/test/${layer} (run \`node esbuild.mjs\` first)`);
  console.log(`${layer}: 0 passed, 1 failed`);
  process.exit(1);
}

// The ui layer: one workbench for all scenarios, and one with workspace trust on (Restricted Mode) for the
// scenarios that check what an untrusted workspace may do. The untrusted workspace brings settings that would point
// Local at its own handlers, add an endpoint of its choosing and attach a ClientContext and TenantId to every
// invocation; none of them may apply. Its `output: channel` does apply (it is not restricted): the proof that VS Code
// read the file at all.
const untrustedWorkspaceSettings = {
  'lambdaStream.local.functionsDir': 'functions',
  'lambdaStream.customEndpoints': [{ name: 'Workspace Endpoint', endpoint: 'http://127.0.0.1:9/' }],
  'lambdaStream.clientContext': { custom: { from: 'untrusted-workspace' } },
  'lambdaStream.tenantId': 'workspace-tenant',
  'lambdaStream.output': 'channel',
};
const workbenches = [];
if (layer === 'ui') {
  const { startWorkbench } = await import('./workbench.mjs');
  const [trusted, restricted] = await Promise.all([
    startWorkbench({ label: 'ui' }),
    startWorkbench({ label: 'ui-restricted', workspaceTrust: true, workspaceSettings: untrustedWorkspaceSettings }),
  ]);
  workbenches.push(trusted, restricted);
  process.env.LAMBDA_STREAM_WORKBENCH_URL = trusted.pageUrl();
  process.env.LAMBDA_STREAM_RESTRICTED_WORKBENCH_URL = restricted.pageUrl();
  process.env.LAMBDA_STREAM_RESTRICTED_WORKSPACE = restricted.workspace;
  process.env.LAMBDA_STREAM_UI_STATE = trusted.stateDir;
  process.env.LAMBDA_STREAM_WORKSPACE = trusted.workspace;
  process.env.LAMBDA_STREAM_SCREENSHOTS = join(root, 'test-results/screenshots');
}

const mocha = new Mocha({
  reporter: 'spec',
  timeout: layer === 'ui' ? 120_000 : 30_000,
  slow: layer === 'ui' ? 20_000 : 2_000,
});
for (const file of files) mocha.addFile(file);

let failures = 0;
let passes = 0;
try {
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passes++);
    runner.on('fail', () => failures++);
  });
} finally {
  await Promise.all(workbenches.map((workbench) => workbench.stop()));
}
console.log(`${layer}: ${passes} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
