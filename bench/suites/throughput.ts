/**
 * Throughput, CPU per chunk and peak RSS of every contender on the same pre-encoded streams: 100 MiB in 64 KiB
 * chunks, 100 MiB in 1 MiB chunks, and 100,000 chunks of 100 bytes. Contenders alternate within each round (the
 * order rotates round by round) and every ratio is taken within one round, so machine noise cancels; the figure is
 * the median over the rounds. Each run is a fresh process that reads the stream twice unmeasured, then once measured.
 * The document contender also counts its UI updates (refreshes) on the tiny chunks.
 */
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { runJob } from '../harness/childProcess';
import { rotation } from '../harness/stats';
import type { Contender, StreamResult } from '../jobs';
import { encodeStream, type StreamShape } from '../server/frames';
import { attempt, megabytesPerSecond, progress, type SuiteContext } from './context';

/** Short names used in figure names, and the shapes they stand for (full and `--quick`). */
const SHAPES: Record<string, { full: StreamShape; quick: StreamShape }> = {
  '64k': { full: { chunkBytes: 64 * 1024, chunks: 1600 }, quick: { chunkBytes: 64 * 1024, chunks: 160 } },
  '1m': { full: { chunkBytes: 1024 * 1024, chunks: 100 }, quick: { chunkBytes: 1024 * 1024, chunks: 10 } },
  tiny: { full: { chunkBytes: 100, chunks: 100_000 }, quick: { chunkBytes: 100, chunks: 10_000 } },
};

/** Unmeasured reads of the same stream before the measured one (see `StreamJob`). */
export const WARMUP_READS = 2;

/** `ratio.a_b` is a's throughput over b's, measured in the same round (`document` is core→document, `file` core→file). */
const RATIOS: ReadonlyArray<[Contender, Contender]> = [
  ['core', 'raw'],
  ['sdk', 'raw'],
  ['core-sdk', 'raw'],
  ['document', 'raw'],
  ['file', 'raw'],
  ['botocore', 'raw'],
  ['core', 'sdk'],
  ['core', 'botocore'],
  ['document', 'sdk'],
  ['document', 'core'],
  ['file', 'core'],
  ['core-sdk', 'core'],
];

export async function throughputSuite(context: SuiteContext): Promise<void> {
  const contenders: Contender[] = ['raw', 'sdk', 'core', 'core-sdk', 'document', 'file'];
  if (context.botocore) contenders.push('botocore');
  for (const [label, sizes] of Object.entries(SHAPES)) {
    const shape = context.quick ? sizes.quick : sizes.full;
    const name = `stream-${label}`;
    const encoded = encodeStream(shape);
    context.server.register(name, encoded);
    const crcMs = checksumMs(encoded.writes);
    context.results.add(`crc_ms.${label}`, crcMs, 'ms');
    for (let round = 0; round < context.rounds; round++) {
      const throughputs = new Map<Contender, number>();
      for (const contender of rotation(contenders, round)) {
        const result = await runStream(context, contender, name);
        if (!result) continue;
        const payloadBytes = shape.chunkBytes * shape.chunks;
        if (contender !== 'raw' && (result.bytes !== payloadBytes || result.chunks !== shape.chunks)) {
          context.results.note(
            `${contender} on ${label} delivered ${result.bytes} bytes in ${result.chunks} chunks, expected ${payloadBytes} in ${shape.chunks}; run ignored.`,
          );
          continue;
        }
        const mbps = megabytesPerSecond(payloadBytes, result.wallMs);
        throughputs.set(contender, mbps);
        record(context, contender, label, shape, result, mbps);
        progress(
          `${label} round ${round + 1} ${contender}`,
          `${mbps.toFixed(0)} MB/s, ${(result.cpuUs / shape.chunks).toFixed(1)} µs/chunk, ${(result.peakRssKb / 1024).toFixed(0)} MiB`,
        );
      }
      const raw = throughputs.get('raw');
      if (raw !== undefined) {
        // What core could reach if it did nothing but raw's work plus the two CRCs of every frame (kept), on one
        // core: the bound behind ratio.core_raw (zlib.crc32 is not vectorised in Node 20's zlib).
        const rawMs = (shape.chunkBytes * shape.chunks) / (raw * 1000);
        context.results.add(`ceiling.core_raw.${label}`, rawMs / (rawMs + crcMs), '×');
      }
      for (const [a, b] of RATIOS) {
        const over = throughputs.get(b);
        const value = throughputs.get(a);
        if (value !== undefined && over !== undefined)
          context.results.add(`ratio.${a}_${b}.${label}`, value / over, '×');
      }
    }
    context.server.unregister(name);
  }
}

/** Milliseconds `zlib.crc32` takes over every byte of the stream once (the message CRC the engine checks), best of 5. */
function checksumMs(writes: readonly Buffer[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    let crc = 0;
    for (const write of writes) crc = zlib.crc32(write, crc);
    best = Math.min(best, performance.now() - started);
    if (crc === -1) throw new Error('unreachable');
  }
  return best;
}

function runStream(context: SuiteContext, contender: Contender, name: string): Promise<StreamResult | undefined> {
  const outputFile = contender === 'file' ? path.join(context.scratchDir, `output-${process.pid}.bin`) : undefined;
  return attempt(context, `${contender} on ${name}`, () =>
    runJob<StreamResult>({
      kind: 'stream',
      contender,
      url: context.server.url,
      functionName: name,
      warmupReads: WARMUP_READS,
      outputFile,
    }),
  );
}

function record(
  context: SuiteContext,
  contender: Contender,
  label: string,
  shape: StreamShape,
  result: StreamResult,
  mbps: number,
): void {
  const { results } = context;
  results.add(`throughput.${contender}.${label}`, mbps, 'MB/s');
  if (label === 'tiny')
    results.add(`chunks_per_s.${contender}.tiny`, shape.chunks / (result.wallMs / 1000), 'chunks/s');
  results.add(
    label === 'tiny' ? `cpu_us_per_chunk.${contender}` : `cpu_us_per_chunk.${contender}.${label}`,
    result.cpuUs / shape.chunks,
    'µs',
  );
  results.add(`rss_mb.${contender}.${label}`, result.peakRssKb / 1024, 'MiB');
  results.add(`rss_growth_mb.${contender}.${label}`, (result.peakRssKb - result.baseRssKb) / 1024, 'MiB');
  if (contender === 'document' && label === 'tiny' && result.uiUpdates !== undefined) {
    results.add('ui_updates.tiny', result.uiUpdates, 'updates');
    results.add('ui_updates_per_s.tiny', result.uiUpdates / (result.wallMs / 1000), 'updates/s');
  }
}
