/**
 * Our engine (`invokeStreaming`) in the three places the extension puts its output: a null sink (the engine's own
 * cost), the live response document, and the save-to-file spool. The events are fed to the sinks exactly as the
 * invocation runner feeds them (a sink's returned promise is awaited: that is the file's backpressure).
 */
import { chunkByteLength, type InvokeEvent, type InvokeOptions, type InvokeTarget } from '../../src/core/engine/events';
import { invokeStreaming } from '../../src/core/engine/invoke';
import { OutputSpool } from '../../src/core/response/outputSpool';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/core/response/responseText';
import { type ChunkSink, SpoolSink } from '../../src/extension/output/sinks';
import { HeadlessDocumentSink } from './headlessDocument';
import { monotonicMs, type Tally } from './measure';

/** A Local-style endpoint target (placeholder credentials, no retries). */
export function endpointTarget(url: string, functionName: string): InvokeTarget {
  return { connection: { kind: 'endpoint', endpoint: url }, functionName };
}

/** Hooks for the latency benchmarks. */
export interface CoreObserver {
  onStarted?(atMs: number): void;
  onChunk?(atMs: number): void;
}

/** The engine into a null sink: chunks are counted and dropped. */
export async function coreToNull(
  url: string,
  functionName: string,
  options: InvokeOptions,
  observer: CoreObserver = {},
  payload = '',
): Promise<Tally> {
  const tally: Tally = { bytes: 0, chunks: 0 };
  for await (const event of invokeStreaming(endpointTarget(url, functionName), payload, options)) {
    if (event.type === 'chunk') {
      tally.bytes += chunkByteLength(event);
      tally.chunks++;
      observer.onChunk?.(monotonicMs());
    } else if (event.type === 'started') {
      observer.onStarted?.(monotonicMs());
    }
  }
  return tally;
}

/** The engine into the live document model with its update batching; reports the refresh count. */
export async function coreToDocument(url: string, functionName: string): Promise<Tally & { uiUpdates: number }> {
  const sink = new HeadlessDocumentSink(DEFAULT_MAX_BODY_BYTES);
  try {
    const tally = await feed(invokeStreaming(endpointTarget(url, functionName), '', {}), sink);
    return { ...tally, uiUpdates: sink.refreshes };
  } finally {
    sink.dispose();
  }
}

/** The engine into the save-to-file spool (no text decoding: a file needs only the bytes). The caller deletes the file. */
export async function coreToFile(url: string, functionName: string, outputFile: string): Promise<Tally> {
  const sink = new SpoolSink(new OutputSpool(outputFile));
  try {
    return await feed(invokeStreaming(endpointTarget(url, functionName), '', { decodeText: false }), sink);
  } finally {
    sink.dispose();
  }
}

/** Feeds every event to `sink` the way the invocation runner does, then finishes it with the outcome. */
async function feed(events: AsyncIterable<InvokeEvent>, sink: ChunkSink): Promise<Tally> {
  const tally: Tally = { bytes: 0, chunks: 0 };
  for await (const event of events) {
    if (event.type === 'complete') {
      await sink.finish({ kind: 'completed', complete: event }, event.log);
      return tally;
    }
    if (event.type === 'chunk') {
      tally.bytes += chunkByteLength(event);
      tally.chunks++;
    }
    const wait = sink.accept(event);
    if (wait) await wait;
  }
  throw new Error('the stream ended without a complete event');
}
