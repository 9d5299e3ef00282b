/**
 * Peak RSS while 200 MB (Lambda's maximum response) streams through the engine into the save-to-file spool. The
 * spool waits for the file to drain and the engine pauses the socket when it falls behind, so memory must not grow
 * with the size of the output: the bound checked is {@link FILE_RSS_BOUND_MIB} of peak RSS, and the growth over the
 * bare runtime's RSS is reported beside it. One cold read per process: memory, not speed, is the point here.
 */
import * as path from 'node:path';
import { runJob } from '../harness/childProcess';
import type { StreamResult } from '../jobs';
import { encodeStream } from '../server/frames';
import { attempt, megabytesPerSecond, progress, type SuiteContext } from './context';

/**
 * Peak RSS allowed for core→file on 200 MB, whatever the output size: the Node + SDK baseline (≈ 55 MiB), the
 * buffers in flight (≤ 32 socket reads queued, one 64 KiB write pending) and the garbage V8 lets pile up between
 * collections (≈ 40 MiB of spent ArrayBuffers).
 */
export const FILE_RSS_BOUND_MIB = 128;

export async function fileMemorySuite(context: SuiteContext): Promise<void> {
  const chunkBytes = 64 * 1024;
  const chunks = context.quick ? 320 : 3200;
  const name = 'stream-200mb';
  context.server.register(name, encodeStream({ chunkBytes, chunks }));
  for (let round = 0; round < context.rounds; round++) {
    const outputFile = path.join(context.scratchDir, `output-200mb-${round}.bin`);
    const result = await attempt(context, 'core→file on 200 MB', () =>
      runJob<StreamResult>({
        kind: 'stream',
        contender: 'file',
        url: context.server.url,
        functionName: name,
        warmupReads: 0,
        outputFile,
      }),
    );
    if (!result) continue;
    if (result.bytes !== chunkBytes * chunks) {
      context.results.note(
        `core→file on 200 MB wrote ${result.bytes} bytes, expected ${chunkBytes * chunks}; run ignored.`,
      );
      continue;
    }
    context.results.add('rss_mb.file_200mb', result.peakRssKb / 1024, 'MiB');
    context.results.add('rss_growth_mb.file_200mb', (result.peakRssKb - result.baseRssKb) / 1024, 'MiB');
    context.results.add('throughput.file.200mb', megabytesPerSecond(result.bytes, result.wallMs), 'MB/s');
    progress(
      `200mb round ${round + 1} file`,
      `${(result.peakRssKb / 1024).toFixed(0)} MiB peak, ${megabytesPerSecond(result.bytes, result.wallMs).toFixed(0)} MB/s`,
    );
  }
  context.server.unregister(name);
}
