/**
 * Runs an invocation to its end and returns its events without the timing fields (which vary from run to run),
 * plus the classification of the error it threw, if any. Bytes are kept exactly (as hex) so comparisons are exact.
 */
import { LambdaStreamError } from '../../../../src/core/errors/classify';
import type { InvokeEvent } from '../../../../src/core/engine/events';

/** An event with its timing fields removed. */
export type PlainEvent = Record<string, unknown>;

/** The outcome of one invocation. */
export interface Collected {
  readonly events: PlainEvent[];
  readonly error?: LambdaStreamError;
  /** `error.classification` without `detail` (wording of underlying errors differs between SDK paths). */
  readonly failure?: { code: string; category: string; retryAfterSeconds?: number };
}

/** Strips timing fields and turns bytes into hex. */
export function plain(event: InvokeEvent): PlainEvent {
  switch (event.type) {
    case 'started': {
      const { atMs: _atMs, ...rest } = event;
      return rest;
    }
    case 'chunk': {
      const { type, index, offset, bytes, text, isText, parts, byteLength } = event;
      // `isText` must say what `text` says, and the parts and byte count what `bytes` holds; the expectations
      // leave them out.
      if (isText !== (text !== undefined)) throw new Error(`chunk ${index}: isText ${isText}, text ${text}`);
      if (parts && !Buffer.concat(parts).equals(bytes)) throw new Error(`chunk ${index}: parts differ from bytes`);
      if (byteLength !== undefined && byteLength !== bytes.byteLength)
        throw new Error(`chunk ${index}: byteLength ${byteLength}, bytes ${bytes.byteLength}`);
      return { type, index, offset, text, hex: Buffer.from(bytes).toString('hex') };
    }
    case 'complete': {
      const { metrics, ...rest } = event;
      return { ...rest, bytes: metrics.bytes, chunks: metrics.chunks };
    }
    default:
      return { ...event };
  }
}

/** Iterates to the end, collecting plain events and the error. `onEvent` may act between events (e.g. abort). */
export async function collect(
  events: AsyncIterable<InvokeEvent>,
  onEvent?: (event: InvokeEvent) => void | Promise<void>,
): Promise<Collected> {
  const out: PlainEvent[] = [];
  try {
    for await (const event of events) {
      out.push(plain(event));
      await onEvent?.(event);
    }
    return { events: out };
  } catch (error) {
    if (!(error instanceof LambdaStreamError)) throw error;
    const { code, category, retryAfterSeconds } = error.classification;
    return {
      events: out,
      error,
      failure: { code, category, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
    };
  }
}

/** The text of all chunk events, joined. */
export function joinedText(events: PlainEvent[]): string {
  return events
    .filter((event) => event.type === 'chunk')
    .map((event) => event.text ?? '')
    .join('');
}
