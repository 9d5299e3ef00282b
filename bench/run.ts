/**
 * `npm run bench` (dist/bench/run.js): runs every benchmark suite in turn, prints the report and writes
 * `bench-results.json` at the repository root. Not part of `npm test`: it takes minutes and its figures depend on the
 * machine. Options: `--quick` (smaller streams, no code-server; under 2 minutes, for CI smoke runs) and
 * `--only <suite,…>` (e.g. `--only throughput,latency`) while working on one suite.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareBotocore } from './harness/botocore';
import { installSignalCleanup, stopOnExit } from './harness/cleanup';
import { projectRoot, setPythonEnvironment } from './harness/childProcess';
import { renderReport } from './harness/report';
import { BenchResults, describeMachine } from './harness/results';
import { benchTargets } from './harness/targets';
import { BenchServer } from './server/benchServer';
import { DEFAULT_ROUNDS, type SuiteContext } from './suites/context';
import { extensionCostSuite, screenSuite } from './suites/extension';
import { FILE_RSS_BOUND_MIB, fileMemorySuite } from './suites/fileMemory';
import { LATE_START_DELAY_MS, latencySuite } from './suites/latency';
import { localEndpointSuite } from './suites/localEndpoint';
import { throughputSuite } from './suites/throughput';

const SUITES: ReadonlyArray<[string, (context: SuiteContext) => Promise<void>]> = [
  ['throughput', throughputSuite],
  ['file', fileMemorySuite],
  ['latency', latencySuite],
  ['local', localEndpointSuite],
  ['extension', extensionCostSuite],
  ['screen', screenSuite],
];

function parseOptions(argv: readonly string[]): { quick: boolean; only: Set<string> | undefined } {
  const quick = argv.includes('--quick');
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex === -1 ? undefined : new Set((argv[onlyIndex + 1] ?? '').split(',').filter(Boolean));
  const unknown = only ? [...only].filter((name) => !SUITES.some(([suite]) => suite === name)) : [];
  if (unknown.length > 0)
    throw new Error(`unknown suite ${unknown.join(', ')}; the suites are ${SUITES.map(([name]) => name).join(', ')}`);
  return { quick, only };
}

async function main(): Promise<void> {
  const { quick, only } = parseOptions(process.argv.slice(2));
  installSignalCleanup();
  const started = performance.now();
  const machine = describeMachine();
  console.log(`lambda-stream benchmarks${quick ? ' (--quick)' : ''} on ${machine}`);
  const results = new BenchResults();
  const load = os.loadavg()[0];
  if (load > os.cpus().length / 4)
    results.note(
      `The machine was busy when the benchmarks started (load average ${load.toFixed(1)} on ${os.cpus().length} cores): single runs swing more, so trust the medians and the same-round ratios over any one run.`,
    );
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-bench-'));
  const server = new BenchServer();
  // Registered first, so an interrupted run removes its scratch folder after stopping what it started.
  const forgetScratch = stopOnExit(() => fs.rmSync(scratchDir, { recursive: true, force: true }));
  try {
    const botocore = prepareBotocore(path.join(scratchDir, 'aws-data'));
    if ('env' in botocore) setPythonEnvironment(botocore.env);
    else results.note(botocore.skipped);
    await server.start();
    if (quick)
      results.note(
        '--quick: every stream is a tenth of its full size (10 MiB, 10,000 tiny chunks, 20 MB to the file, a 50-chunk drip, 1,000 functions listed); the figure names stay the same.',
      );
    const context: SuiteContext = {
      server,
      results,
      quick,
      rounds: DEFAULT_ROUNDS,
      botocore: 'env' in botocore,
      scratchDir,
    };
    for (const [name, suite] of SUITES) {
      if (only && !only.has(name)) continue;
      if (quick && name === 'screen') {
        results.note('--quick: the code-server screen suite (screen_ms.*, activate_ms) is skipped.');
        continue;
      }
      const suiteStarted = performance.now();
      console.log(`\n== ${name}`);
      try {
        await suite(context);
      } catch (error) {
        results.note(`the ${name} suite stopped: ${error instanceof Error ? error.message : String(error)}`);
      }
      console.log(`   ${name} took ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    await server.close();
    forgetScratch();
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
  const file = results.toFile(quick, machine);
  const report = renderReport(
    file.figures,
    benchTargets(FILE_RSS_BOUND_MIB, LATE_START_DELAY_MS),
    file.machine,
    file.notes,
  );
  console.log(`\n${report}\n`);
  fs.writeFileSync(path.join(projectRoot, 'bench-results.json'), `${JSON.stringify(file, null, 2)}\n`);
  console.log(
    `bench-results.json written; the benchmarks took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
