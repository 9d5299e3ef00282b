/**
 * The two ways to read a 2xx InvokeWithResponseStream body, yielding the same `StreamMessage`s:
 * - `directMessages`: frames cut from the raw HTTP body and decoded here (one generator over the socket's buffers);
 * - `sdkMessages`: the SDK's own `EventStream` (about five stacked generators per event), kept as the reference
 *   the direct path is tested against and as a fallback.
 * Both throw the same errors for broken streams (truncation, checksum, exception and error frames, resets).
 */
import type { Readable } from 'node:stream';
import type { InvokeWithResponseStreamResponseEvent } from '@aws-sdk/client-lambda';
import { BodyReader } from './bodyReader';
import { FrameSplitter, getEventStreamCodec, interpretFrame, type StreamMessage } from './eventStream';

/** Decodes the event-stream frames of a raw response body. */
export async function* directMessages(body: Readable): AsyncGenerator<StreamMessage, void, undefined> {
  const codec = await getEventStreamCodec();
  const splitter = new FrameSplitter();
  const reader = new BodyReader(body);
  for (let buffer = await reader.next(); buffer !== undefined; buffer = await reader.next()) {
    splitter.push(buffer);
    for (let frame = splitter.next(); frame !== undefined; frame = splitter.next()) {
      const message = interpretFrame(codec, frame);
      if (message !== undefined) yield message;
    }
  }
  splitter.finish();
}

/** Maps the SDK's `EventStream` union onto the engine's messages. */
export async function* sdkMessages(
  events: AsyncIterable<InvokeWithResponseStreamResponseEvent> | undefined,
): AsyncGenerator<StreamMessage, void, undefined> {
  if (!events) return;
  for await (const event of events) {
    if (event.PayloadChunk) {
      yield { kind: 'chunk', payload: event.PayloadChunk.Payload ?? new Uint8Array(0) };
    } else if (event.InvokeComplete) {
      const { ErrorCode, ErrorDetails, LogResult } = event.InvokeComplete;
      yield { kind: 'complete', errorCode: ErrorCode, errorDetails: ErrorDetails, logResult: LogResult };
    }
  }
}
