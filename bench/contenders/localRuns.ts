/**
 * Runs against the real Local endpoint (a separate process that starts one handler process per invocation): one
 * invocation of a sample function through our engine, and listing every function through our listing generator with
 * the control-plane client the Functions view uses. The SDK is loaded before the clock starts; connecting, signing
 * and the first request's JIT are counted, as they are for a person's first listing. Also the launcher that starts
 * the CLI and times its first stdout byte.
 */
import { spawn } from 'node:child_process';
import { createLambdaClient } from '../../src/core/aws/client';
import type { Connection } from '../../src/core/aws/connection';
import { listFunctions } from '../../src/core/aws/listing';
import type {
  FirstStdoutJob,
  FirstStdoutResult,
  ListJob,
  ListResult,
  LocalInvokeJob,
  LocalInvokeResult,
} from '../jobs';
import { coreToNull } from './coreRuns';
import { monotonicMs } from './measure';

/** Invokes one function and reports time to the first chunk and the throughput from then on. */
export async function localInvoke(job: LocalInvokeJob): Promise<LocalInvokeResult> {
  const requestedAt = monotonicMs();
  let firstChunkAt: number | undefined;
  const tally = await coreToNull(
    job.url,
    job.functionName,
    {},
    { onChunk: (at) => (firstChunkAt ??= at) },
    job.payload,
  );
  const endedAt = monotonicMs();
  if (firstChunkAt === undefined) throw new Error(`${job.functionName} sent no output`);
  const streamingSeconds = (endedAt - firstChunkAt) / 1000;
  return {
    kind: 'localInvoke',
    firstByteMs: firstChunkAt - requestedAt,
    bytes: tally.bytes,
    throughputBytesPerSecond: tally.bytes / streamingSeconds,
    totalMs: endedAt - requestedAt,
  };
}

/** Milliseconds from spawning the job's command to its first stdout byte; rejects unless it then exits with 0. */
export function firstStdout(job: FirstStdoutJob): Promise<FirstStdoutResult> {
  return new Promise((resolve, reject) => {
    const startedAt = monotonicMs();
    let firstAt: number | undefined;
    let stderr = '';
    const child = spawn(job.command, job.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', () => (firstAt ??= monotonicMs()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && firstAt !== undefined) resolve({ kind: 'firstStdout', ms: firstAt - startedAt });
      else reject(new Error(`${job.args.join(' ')} exited with ${code}: ${stderr.trim().slice(-300)}`));
    });
  });
}

/** Lists every function, counting the HTTP requests (pages) on the client's own middleware stack. */
export async function listAll(job: ListJob): Promise<ListResult> {
  const connection: Connection = { kind: 'endpoint', endpoint: job.url };
  const client = await createLambdaClient(connection, 'control');
  let pages = 0;
  client.middlewareStack.add(
    (next) => (args) => {
      pages++;
      return next(args);
    },
    { step: 'deserialize', name: 'benchPageCounter' },
  );
  const requestedAt = monotonicMs();
  let firstPageAt: number | undefined;
  let functions = 0;
  for await (const _summary of listFunctions(connection, { client })) {
    firstPageAt ??= monotonicMs();
    functions++;
  }
  const endedAt = monotonicMs();
  client.destroy();
  return {
    kind: 'list',
    firstPageMs: (firstPageAt ?? endedAt) - requestedAt,
    allMs: endedAt - requestedAt,
    functions,
    pages,
  };
}
