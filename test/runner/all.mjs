// `npm test`: type-check, build, then the three test layers in order (unit in plain Node, the suite inside a real
// VS Code extension host, the UI scenarios in a browser). Every layer runs even if an earlier one failed; the exit
// code is non-zero when any step failed, and the last line totals the closing lines of the layers.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const steps = [
  // The typecheck step also lints (ESLint with typescript-eslint) and checks the formatting (Prettier, width 120).
  {
    name: 'typecheck',
    command: ['node', join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root],
    then: [
      ['node', join(root, 'node_modules/eslint/bin/eslint.js'), '--max-warnings', '0', root],
      ['node', join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '--log-level', 'warn', root],
    ],
  },
  { name: 'build', command: ['node', join(root, 'esbuild.mjs')] },
  { name: 'unit', command: ['node', join(root, 'test/runner/mocha-node.mjs'), 'unit'], counts: true },
  { name: 'integration', command: ['node', join(root, 'test/runner/integration.mjs')], counts: true },
  { name: 'ui', command: ['node', join(root, 'test/runner/mocha-node.mjs'), 'ui'], counts: true },
];
const hardTimeoutMs = Number(process.env.LAMBDA_STREAM_TEST_TIMEOUT_MS ?? 25 * 60_000);

async function run(step) {
  const first = await runOne(step, step.command);
  for (const command of step.then ?? []) {
    if (!first.ok) break;
    const next = await runOne(step, command, false);
    if (!next.ok) return { ...next, seconds: first.seconds };
  }
  return first;
}

function runOne(step, command, announce = true) {
  return new Promise((resolve) => {
    const started = Date.now();
    if (announce) console.log(`\n=== ${step.name} ===`);
    const child = spawn(command[0], command.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let closing;
    child.stdout.on('data', (data) => {
      process.stdout.write(data);
      const matches = [...String(data).matchAll(/^\w+: (\d+) passed, (\d+) failed$/gm)];
      if (matches.length > 0) closing = matches.at(-1);
    });
    child.once('exit', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      resolve({
        step,
        ok: code === 0,
        code: code ?? signal,
        seconds,
        passed: Number(closing?.[1] ?? 0),
        failed: Number(closing?.[2] ?? 0),
      });
    });
  });
}

const deadline = setTimeout(() => {
  console.error(
    `\nnpm test: stopped after ${hardTimeoutMs / 60_000} minutes (LAMBDA_STREAM_TEST_TIMEOUT_MS); a step hung.`,
  );
  console.log('total: 0 passed, 1 failed');
  process.exit(1);
}, hardTimeoutMs);
deadline.unref();

const results = [];
for (const step of steps) results.push(await run(step));

console.log('\n=== summary ===');
let passed = 0;
let failed = 0;
for (const result of results) {
  const counts = result.step.counts ? `${result.passed} passed, ${result.failed} failed` : result.ok ? 'ok' : 'failed';
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.step.name.padEnd(12)} ${counts} (${result.seconds} s)`);
  passed += result.passed;
  failed += result.failed;
  if (!result.ok && result.failed === 0) failed += 1;
}
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
