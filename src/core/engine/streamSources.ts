/**
 * The two ways to read a 2xx InvokeWithResponseStream body, yielding the same `StreamMessage`s in batches (one step
 * per socket buffer, not per event: a buffer of 64 KiB can hold hundreds of small frames):
 * - `directMessages`: frames decoded here from the raw HTTP body in one pass (see `EventStreamDecoder`);
 * - `sdkMessages`: the SDK's own `EventStream` (about five stacked generators per event), kept as the reference
 *   the direct path is tested against and as a fallback.
 * Both throw the same errors for broken streams (truncation, checksum, exception and error frames, resets).
 */
import type { Readable } from 'node:stream';
import type { InvokeWithResponseStreamResponseEvent } from '@aws-sdk/client-lambda';
import { BodyReader } from './bodyReader';
import { EventStreamDecoder, type StreamMessage } from './eventStream';

/** Decodes the event-stream frames of a raw response body, a batch of messages per socket buffer. */
export async function* directMessages(body: Readable): AsyncGenerator<readonly StreamMessage[], void, undefined> {
  const decoder = new EventStreamDecoder();
  const reader = new BodyReader(body);
  for (let buffer = await reader.next(); buffer !== undefined; buffer = await reader.next()) {
    const messages = decoder.push(buffer);
    if (messages.length > 0) yield messages;
  }
  decoder.finish();
}

/** Maps the SDK's `EventStream` union onto the engine's messages, one message a batch. */
export async function* sdkMessages(
  events: AsyncIterable<InvokeWithResponseStreamResponseEvent> | undefined,
): AsyncGenerator<readonly StreamMessage[], void, undefined> {
  if (!events) return;
  for await (const event of events) {
    if (event.PayloadChunk) {
      const payload = event.PayloadChunk.Payload ?? new Uint8Array(0);
      const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      yield [{ kind: 'chunk', parts: view.byteLength ? [view] : [], byteLength: view.byteLength }];
    } else if (event.InvokeComplete) {
      const { ErrorCode, ErrorDetails, LogResult } = event.InvokeComplete;
      yield [{ kind: 'complete', errorCode: ErrorCode, errorDetails: ErrorDetails, logResult: LogResult }];
    }
  }
}
