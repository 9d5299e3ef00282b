/**
 * The InvokeWithResponseStream body: `application/vnd.amazon.eventstream` messages encoded with Smithy's codec, one
 * PayloadChunk per piece of output as it arrives, then InvokeComplete. Writes wait for the socket to drain, so a slow
 * reader slows the handler rather than growing a buffer here.
 */
import type { ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { MAX_CHUNK_BYTES } from './hostProtocol';

/** The InvokeComplete event's members; all absent means success without a log tail. */
export interface InvokeCompleteFields {
  ErrorCode?: string;
  ErrorDetails?: string;
  LogResult?: string;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Content type of the HTTP response carrying the event stream. */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** Writes Lambda's response-stream events to one HTTP response. */
export class EventStreamWriter {
  constructor(private readonly res: ServerResponse) {}

  /** Sends `data` as PayloadChunk events (large data in pieces); resolves when the socket can take more. */
  async payloadChunk(data: Uint8Array): Promise<void> {
    for (let offset = 0; offset < data.byteLength; offset += MAX_CHUNK_BYTES) {
      const piece = data.subarray(offset, Math.min(offset + MAX_CHUNK_BYTES, data.byteLength));
      await this.write(this.event('PayloadChunk', 'application/octet-stream', piece));
    }
  }

  /** Sends the InvokeComplete event and ends the response. */
  complete(fields: InvokeCompleteFields): void {
    if (this.res.destroyed) return;
    this.res.end(this.event('InvokeComplete', 'application/json', fromUtf8(JSON.stringify(fields))));
  }

  private event(eventType: string, contentType: string, body: Uint8Array): Uint8Array {
    return codec.encode({
      headers: {
        ':event-type': { type: 'string', value: eventType },
        ':content-type': { type: 'string', value: contentType },
        ':message-type': { type: 'string', value: 'event' },
      },
      body,
    });
  }

  private write(frame: Uint8Array): Promise<void> {
    if (this.res.destroyed) return Promise.reject(new Error('the client closed the connection'));
    if (this.res.write(frame)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        if (this.res.destroyed && !this.res.writableFinished) reject(new Error('the client closed the connection'));
        else resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
