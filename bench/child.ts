/**
 * Entry of a contender process (dist/bench/child.js): runs the one job given as JSON in argv[2] and prints its result
 * as one JSON line on stdout. A fresh process per run keeps each run's CPU time and peak RSS its own.
 */
import * as fs from 'node:fs';
import { disposeLambdaClients } from '../src/core/aws/client';
import { coreToDocument, coreToFile, coreToNull } from './contenders/coreRuns';
import { firstStdout, listAll, localInvoke } from './contenders/localRuns';
import { measured, rssKb, type Tally } from './contenders/measure';
import { rawRead } from './contenders/rawRead';
import { sdkLoop } from './contenders/sdkLoop';
import { dripRun, firstByteRun } from './contenders/timedRuns';
import type { Job, JobResult, NodeContender, StreamJob, StreamResult } from './jobs';

/** Reads one stream with one contender. */
function readStream(
  contender: NodeContender,
  url: string,
  functionName: string,
  outputFile?: string,
): Promise<Tally & { uiUpdates?: number }> {
  switch (contender) {
    case 'raw':
      return rawRead(url, functionName);
    case 'sdk':
      return sdkLoop(url, functionName);
    case 'core':
      return coreToNull(url, functionName, { decoder: 'direct' });
    case 'core-sdk':
      return coreToNull(url, functionName, { decoder: 'sdk' });
    case 'document':
      return coreToDocument(url, functionName);
    case 'file':
      if (!outputFile) throw new Error('the file contender needs an output file');
      return coreToFile(url, functionName, outputFile);
  }
}

/** RSS of the bare runtime, taken before any contender code runs. */
const baseRssKb = rssKb().current;

async function streamJob(job: StreamJob): Promise<StreamResult> {
  if (job.contender === 'botocore') throw new Error('botocore runs in python');
  const contender = job.contender;
  try {
    for (let read = 0; read < job.warmupReads; read++)
      await readStream(contender, job.url, job.functionName, job.outputFile);
    const { value, cost } = await measured(baseRssKb, () =>
      readStream(contender, job.url, job.functionName, job.outputFile),
    );
    return { kind: 'stream', ...cost, bytes: value.bytes, chunks: value.chunks, uiUpdates: value.uiUpdates };
  } finally {
    if (job.outputFile) fs.rmSync(job.outputFile, { force: true });
  }
}

async function runJob(job: Job): Promise<JobResult> {
  switch (job.kind) {
    case 'stream':
      return streamJob(job);
    case 'drip':
      return dripRun(job);
    case 'firstByte':
      return firstByteRun(job);
    case 'localInvoke':
      return localInvoke(job);
    case 'list':
      return listAll(job);
    case 'firstStdout':
      return firstStdout(job);
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as Job;
  const result = await runJob(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await disposeLambdaClients();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
