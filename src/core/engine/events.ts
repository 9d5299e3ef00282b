/**
 * The vocabulary of an invocation as the VS Code layer, the CLI and the benchmarks see it: what to invoke, with
 * which options, and the events an invocation yields, in this order:
 * `started` → `httpPrelude`? → `chunk`* → `complete`, or a thrown `LambdaStreamError` after any of them.
 */
import type { Connection } from '../aws/connection';
import type { LambdaClientLike } from '../aws/sdk';

/** What to invoke. */
export interface InvokeTarget {
  readonly connection: Connection;
  /** Name, full ARN or partial ARN (optionally with `:qualifier`). */
  readonly functionName: string;
  /** Version or alias. */
  readonly qualifier?: string;
}

/** How to invoke. All optional. */
export interface InvokeOptions {
  /** Cancels the request while waiting for credentials, headers, the first byte, or mid-stream. */
  readonly signal?: AbortSignal;
  /** `Tail` asks for the last 4 KB of the function's log (in `complete.log`). */
  readonly logType?: 'None' | 'Tail';
  /** Validate parameters and permission without running the function (HTTP 204, no chunks). */
  readonly dryRun?: boolean;
  /** Passed to the function as `context.clientContext`; sent base64-encoded, at most 3,583 bytes encoded. */
  readonly clientContext?: Readonly<Record<string, unknown>>;
  /** Tenant of a multi-tenant function. */
  readonly tenantId?: string;
  /**
   * How the 2xx event stream is decoded: `direct` (default) reads the frames from the raw body with minimal
   * allocation; `sdk` consumes the SDK's own `EventStream`. Both yield identical events.
   */
  readonly decoder?: 'direct' | 'sdk';
  /** Set false to skip UTF-8 decoding (`chunk.text` stays undefined), e.g. when the output only goes to a file. */
  readonly decodeText?: boolean;
  /** A client to use instead of the cached one for `target.connection` (tests, custom configuration). */
  readonly client?: LambdaClientLike;
}

/** The response headers arrived; the function is running. */
export interface StartedEvent {
  readonly type: 'started';
  /** HTTP status: 200 for an invocation, 204 for a dry run. */
  readonly statusCode: number;
  readonly requestId?: string;
  /** The version that ran, e.g. `$LATEST` or `3` (an alias resolves to a version). */
  readonly executedVersion?: string;
  /** The response content type as Lambda reported it. */
  readonly contentType?: string;
  /** Milliseconds since the invocation began (credentials, connection, request). */
  readonly atMs: number;
}

/** The output began with a function-URL HTTP prelude (JSON metadata then 8 NUL bytes); it is not in any chunk. */
export interface HttpPreludeEvent {
  readonly type: 'httpPrelude';
  readonly statusCode?: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: readonly string[];
  /** The JSON metadata exactly as the function wrote it. */
  readonly raw: string;
}

/** A piece of the function's output, delivered as soon as it arrived. */
export interface ChunkEvent {
  readonly type: 'chunk';
  /**
   * The bytes exactly as written by the function (prelude stripped). Owned by the caller. Empty only in the last
   * chunk of an output that ended inside a character (see `text`).
   */
  readonly bytes: Uint8Array;
  /**
   * The same bytes as they arrived, views of the response's buffers in order (one view when the chunk lay in one).
   * The engine sets it, and joins them into `bytes` only when `bytes` is first read: a sink that copies or writes
   * the bytes takes the parts instead (see {@link chunkParts}); events built elsewhere may leave it out.
   */
  readonly parts?: readonly Uint8Array[];
  /** `bytes.byteLength`, without joining the parts (see {@link chunkByteLength}); events built elsewhere may leave it out. */
  readonly byteLength?: number;
  /**
   * The bytes decoded as UTF-8 with a streaming decoder: a character split across chunks appears whole in the later
   * chunk. Undefined once the output is known to be binary (NUL bytes, invalid UTF-8 or a binary content type),
   * from that chunk on, and when `decodeText` is false. When the output ends inside a character, one last chunk
   * with no bytes carries U+FFFD for it, so the texts joined are what `TextDecoder` makes of the whole output.
   */
  readonly text?: string;
  /**
   * True when `text` holds this chunk's text. A large chunk makes its text only when `text` is first read, so a sink
   * that keeps the bytes asks this instead (see {@link chunkHasText}); events built elsewhere may leave it out.
   */
  readonly isText?: boolean;
  /** Zero-based chunk number. */
  readonly index: number;
  /** Byte offset of this chunk in the output. */
  readonly offset: number;
  /** Milliseconds since the invocation began. */
  readonly atMs: number;
}

/** Whether the chunk is text (not binary, decoding on), without making a deferred text. */
export function chunkHasText(chunk: ChunkEvent): boolean {
  return chunk.isText ?? chunk.text !== undefined;
}

/** A chunk's bytes as parts, without joining them. */
export function chunkParts(chunk: ChunkEvent): readonly Uint8Array[] {
  return chunk.parts ?? [chunk.bytes];
}

/** A chunk's byte count, without joining its parts. */
export function chunkByteLength(chunk: ChunkEvent): number {
  return chunk.byteLength ?? chunk.bytes.byteLength;
}

/** The log tail Lambda returned: plain text, or (Lambda Managed Instances) where to find the log instead. */
export type InvokeLog =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'cloudWatch'; readonly logGroup: string; readonly logStreamName: string; readonly raw: string };

/** Figures for the invocation; partial ones travel with a thrown error. */
export interface InvokeMetrics {
  /** From the start to the response headers. */
  readonly timeToHeadersMs?: number;
  /** From the start to the first output byte. */
  readonly timeToFirstByteMs?: number;
  /** Output bytes delivered in chunks (the HTTP prelude excluded). */
  readonly bytes: number;
  readonly chunks: number;
  /** From the start to the end of the stream (or to the failure). */
  readonly durationMs: number;
  /** Output bytes per second between the first byte and the end; undefined without output. */
  readonly throughputBytesPerSecond?: number;
}

/** The stream ended. A function failure is not thrown: it is reported here, the partial output already delivered. */
export interface CompleteEvent {
  readonly type: 'complete';
  /** Set when the function failed, e.g. `Error`, `Runtime.ExitError`, `Sandbox.Timedout`. */
  readonly errorCode?: string;
  readonly errorDetails?: string;
  /** Buffered invocations only: `Unhandled` or `Handled` (the `X-Amz-Function-Error` header). */
  readonly functionError?: string;
  readonly log?: InvokeLog;
  /** True when the output was treated as binary (no `text` on the later chunks); false when `decodeText` is off. */
  readonly binary: boolean;
  readonly metrics: InvokeMetrics;
}

/** Everything an invocation yields. */
export type InvokeEvent = StartedEvent | HttpPreludeEvent | ChunkEvent | CompleteEvent;
