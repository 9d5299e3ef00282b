/**
 * The latency runs: when does each piece of a slow stream reach the caller? Times are CLOCK_MONOTONIC milliseconds,
 * which the server (another process) reads too, so the runner can subtract its write times from our delivery times.
 * Each run first reads a small stream unmeasured, so connection set-up and first-use JIT are not counted.
 */
import type { DripJob, DripResult, FirstByteJob, FirstByteResult, NodeContender } from '../jobs';
import { coreToNull } from './coreRuns';
import { monotonicMs } from './measure';
import { rawRead, readBody, requestStream } from './rawRead';
import { sdkLoop } from './sdkLoop';

/** Observed moments of one run; `start` is headers (raw), `send()` resolving (sdk) or `started` (core). */
interface Moments {
  startAt?: number;
  chunkTimes: number[];
}

async function observe(contender: NodeContender, url: string, functionName: string): Promise<Moments> {
  const moments: Moments = { chunkTimes: [] };
  const onChunk = (at: number) => moments.chunkTimes.push(at);
  switch (contender) {
    case 'raw': {
      const response = await requestStream(url, functionName);
      moments.startAt = monotonicMs();
      const frameBytes = Number(response.headers['x-bench-frame-bytes']);
      let received = 0;
      await readBody(response, (buffer, at) => {
        received += buffer.byteLength;
        while ((moments.chunkTimes.length + 1) * frameBytes <= received) onChunk(at);
      });
      return moments;
    }
    case 'sdk':
      await sdkLoop(url, functionName, { onSent: (at) => (moments.startAt = at), onChunk });
      return moments;
    case 'core':
    case 'core-sdk':
      await coreToNull(
        url,
        functionName,
        { decoder: contender === 'core' ? 'direct' : 'sdk' },
        { onStarted: (at) => (moments.startAt = at), onChunk },
      );
      return moments;
    default:
      throw new Error(`${contender} has no latency run`);
  }
}

async function warmUp(contender: NodeContender, url: string, functionName: string): Promise<void> {
  if (contender === 'raw') await rawRead(url, functionName);
  else await observe(contender, url, functionName);
}

/** Reads a drip and reports when each chunk was delivered. */
export async function dripRun(job: DripJob): Promise<DripResult> {
  if (job.contender === 'botocore') throw new Error('botocore runs in python');
  await warmUp(job.contender, job.url, job.warmupFunction);
  const moments = await observe(job.contender, job.url, job.functionName);
  return { kind: 'drip', deliveredAtMs: moments.chunkTimes };
}

/** Reads a stream with a late first event and reports when the caller learned of the response and of its first chunk. */
export async function firstByteRun(job: FirstByteJob): Promise<FirstByteResult> {
  await warmUp(job.contender, job.url, job.warmupFunction);
  const requestedAt = monotonicMs();
  const moments = await observe(job.contender, job.url, job.functionName);
  if (moments.startAt === undefined || moments.chunkTimes.length === 0)
    throw new Error(`${job.contender} saw no start or no chunk`);
  return {
    kind: 'firstByte',
    startMs: moments.startAt - requestedAt,
    firstChunkMs: moments.chunkTimes[0] - requestedAt,
  };
}
