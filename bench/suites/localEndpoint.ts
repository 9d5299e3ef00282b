/**
 * The real Local endpoint (its own process, a handler process per invocation), as the extension and the CLI use it:
 * - the `big-report` sample (a 30 MB CSV in 64 KB writes): time to first byte and throughput through our engine;
 * - listing 10,000 functions (a fresh endpoint per run, so each listing is a first listing): time to the first page
 *   and to the last, and the number of pages (Lambda pages by 50);
 * - the CLI: time from starting `lambda-stream invoke` (from a small launcher process, as from a shell) to the first
 *   output byte on its stdout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot, runJob } from '../harness/childProcess';
import { type EndpointProcess, startEndpointProcess } from '../harness/endpointProcess';
import type { FirstStdoutResult, ListResult, LocalInvokeResult } from '../jobs';
import { attempt, progress, type SuiteContext } from './context';

export async function localEndpointSuite(context: SuiteContext): Promise<void> {
  await withEndpoint(path.join(projectRoot, 'dist', 'emulator', 'samples'), (endpoint) => bigReport(context, endpoint));
  await listing(context);
  const functionsDir = path.join(context.scratchDir, 'cli-functions');
  fs.mkdirSync(functionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(functionsDir, 'first-chunk.mjs'),
    "export const handler = awslambda.streamifyResponse(async (_event, stream) => {\n  stream.write('first chunk\\n');\n  stream.end();\n});\n",
  );
  await withEndpoint(functionsDir, (endpoint) => cliFirstChunk(context, endpoint));
}

async function withEndpoint<T>(functionsDir: string, body: (endpoint: EndpointProcess) => Promise<T>): Promise<T> {
  const endpoint = await startEndpointProcess(functionsDir);
  try {
    return await body(endpoint);
  } finally {
    await endpoint.stop();
  }
}

async function bigReport(context: SuiteContext, endpoint: EndpointProcess): Promise<void> {
  const megabytes = context.quick ? 5 : 30;
  for (let round = 0; round < context.rounds; round++) {
    const result = await attempt(context, 'big-report on the Local endpoint', () =>
      runJob<LocalInvokeResult>({
        kind: 'localInvoke',
        url: endpoint.url,
        functionName: 'big-report',
        payload: JSON.stringify({ megabytes }),
      }),
    );
    if (!result) continue;
    context.results.add('local.big_report.first_byte_ms', result.firstByteMs, 'ms');
    context.results.add('local.big_report.mb_s', result.throughputBytesPerSecond / 1e6, 'MB/s');
    progress(
      `big-report round ${round + 1}`,
      `first byte ${result.firstByteMs.toFixed(0)} ms, ${(result.throughputBytesPerSecond / 1e6).toFixed(0)} MB/s`,
    );
  }
}

async function listing(context: SuiteContext): Promise<void> {
  const count = context.quick ? 1000 : 10_000;
  const functionsDir = path.join(context.scratchDir, 'list-functions');
  fs.mkdirSync(functionsDir, { recursive: true });
  for (let index = 0; index < count; index++) {
    fs.writeFileSync(
      path.join(functionsDir, `fn-${String(index).padStart(5, '0')}.mjs`),
      "export const handler = async () => 'ok';\n",
    );
  }
  for (let round = 0; round < context.rounds; round++) {
    const result = await attempt(context, `listing ${count} functions`, () =>
      withEndpoint(functionsDir, (endpoint) => runJob<ListResult>({ kind: 'list', url: endpoint.url })),
    );
    if (!result) continue;
    if (result.functions !== count) {
      context.results.note(`listing listed ${result.functions} functions, expected ${count}; run ignored.`);
      continue;
    }
    context.results.add('list10k.first_page_ms', result.firstPageMs, 'ms');
    context.results.add('list10k.all_ms', result.allMs, 'ms');
    context.results.add('list10k.pages', result.pages, 'pages');
    progress(
      `list round ${round + 1}`,
      `first page ${result.firstPageMs.toFixed(0)} ms, all ${result.allMs.toFixed(0)} ms, ${result.pages} pages`,
    );
  }
}

async function cliFirstChunk(context: SuiteContext, endpoint: EndpointProcess): Promise<void> {
  const cli = path.join(projectRoot, 'dist', 'cli.js');
  for (let round = 0; round < context.rounds; round++) {
    // Started by a small launcher process, as from a shell, not by this runner with its large heap (see FirstStdoutJob).
    const result = await attempt(context, 'the CLI run', () =>
      runJob<FirstStdoutResult>({
        kind: 'firstStdout',
        command: process.execPath,
        args: [cli, 'invoke', 'first-chunk', '--endpoint', endpoint.url],
      }),
    );
    if (result === undefined) continue;
    const ms = result.ms;
    context.results.add('cli.first_chunk_ms', ms, 'ms');
    progress(`cli round ${round + 1}`, `first chunk ${ms.toFixed(0)} ms`);
  }
}
