/**
 * Entry point VS Code loads from `extensionTestsPath`: runs every `*.test.js` beside it with mocha inside the
 * extension host and prints the closing line `integration: N passed, N failed`. The same index serves code-server
 * (test/runner/integration.mjs) and @vscode/test-electron (test/runner/electron.mjs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return findTests(full);
    return item.name.endsWith('.test.js') ? [full] : [];
  });
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000 });
  const filter = process.env.LAMBDA_STREAM_INTEGRATION_GREP;
  if (filter) mocha.grep(filter);
  for (const file of findTests(__dirname).sort()) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      console.log(`integration: ${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}
