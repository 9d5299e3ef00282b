/**
 * Latency on the same loopback server:
 * - a drip of 200 chunks every 20 ms: per-chunk delivery delay (server write → caller has the chunk), p50 and p99
 *   per run, for the raw read, the SDK, our engine and botocore;
 * - a first event 400 ms after the headers: when each caller learns that the response has begun (raw headers, the
 *   SDK's `send()` resolving, our `started` event) and when it gets the first chunk. The SDK (≥ 3.929) holds
 *   `send()` until the first whole event; our engine reports `started` at header time.
 */
import { runJob } from '../harness/childProcess';
import { percentile, rotation } from '../harness/stats';
import type { Contender, DripResult, FirstByteResult, NodeContender } from '../jobs';
import { encodeStream } from '../server/frames';
import { attempt, progress, type SuiteContext } from './context';

const WARMUP = 'latency-warmup';
export const LATE_START_DELAY_MS = 400;

export async function latencySuite(context: SuiteContext): Promise<void> {
  context.server.register(WARMUP, encodeStream({ chunkBytes: 100, chunks: 200 }));
  await dripRuns(context);
  await firstByteRuns(context);
  context.server.unregister(WARMUP);
}

async function dripRuns(context: SuiteContext): Promise<void> {
  const chunks = context.quick ? 50 : 200;
  context.server.register('drip', { kind: 'drip', chunks, intervalMs: 20 });
  const contenders: Contender[] = ['raw', 'sdk', 'core'];
  if (context.botocore) contenders.push('botocore');
  for (let round = 0; round < context.rounds; round++) {
    for (const contender of rotation(contenders, round)) {
      const result = await attempt(context, `drip with ${contender}`, () =>
        runJob<DripResult>({
          kind: 'drip',
          contender,
          url: context.server.url,
          functionName: 'drip',
          warmupFunction: WARMUP,
        }),
      );
      if (!result) continue;
      const written = context.server.dripWriteTimes('drip');
      if (result.deliveredAtMs.length !== chunks || written.length !== chunks) {
        context.results.note(
          `drip with ${contender}: ${result.deliveredAtMs.length} of ${chunks} chunks delivered; run ignored.`,
        );
        continue;
      }
      const delays = result.deliveredAtMs.map((at, index) => at - written[index]);
      context.results.add(`drip_p50_ms.${contender}`, percentile(delays, 50), 'ms');
      context.results.add(`drip_p99_ms.${contender}`, percentile(delays, 99), 'ms');
      progress(
        `drip round ${round + 1} ${contender}`,
        `p50 ${percentile(delays, 50).toFixed(2)} ms, p99 ${percentile(delays, 99).toFixed(2)} ms`,
      );
    }
  }
  context.server.unregister('drip');
}

/** What "the response has begun" means for each contender, in figure names. */
const START_NAMES: Partial<Record<NodeContender, string>> = {
  raw: 'headers_ms',
  sdk: 'send_resolved_ms',
  core: 'started_ms',
};

async function firstByteRuns(context: SuiteContext): Promise<void> {
  context.server.register('late-start', { kind: 'lateStart', delayMs: LATE_START_DELAY_MS });
  const contenders: NodeContender[] = ['raw', 'sdk', 'core'];
  for (let round = 0; round < context.rounds; round++) {
    for (const contender of rotation(contenders, round)) {
      const result = await attempt(context, `late first event with ${contender}`, () =>
        runJob<FirstByteResult>({
          kind: 'firstByte',
          contender,
          url: context.server.url,
          functionName: 'late-start',
          warmupFunction: WARMUP,
        }),
      );
      if (!result) continue;
      context.results.add(`first_byte.${contender}.${START_NAMES[contender]}`, result.startMs, 'ms');
      context.results.add(`first_byte.${contender}.chunk_ms`, result.firstChunkMs, 'ms');
      progress(
        `late start round ${round + 1} ${contender}`,
        `begun ${result.startMs.toFixed(1)} ms, first chunk ${result.firstChunkMs.toFixed(1)} ms`,
      );
    }
  }
  context.server.unregister('late-start');
}
