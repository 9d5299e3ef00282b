/**
 * Messages between the emulator and a handler host (one child process per invocation), over the child's IPC channel
 * with Node's `advanced` serialization so chunks travel as bytes. Everything the handler produces travels on that one
 * channel, so logs, chunks and the outcome arrive in the order they happened.
 */

/** Lambda's error object for a failed invocation, as the Node.js runtime reports it. */
export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** The `context` fields the host rebuilds for the handler (functions like `getRemainingTimeInMillis` are added there). */
export interface ContextFields {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** Epoch ms when the timeout strikes. */
  deadlineMs: number;
  clientContext?: unknown;
  tenantId?: string;
}

/** Emulator → host: run the handler once. */
export interface InvokeMessage {
  type: 'invoke';
  /** Absolute path of the handler file. */
  file: string;
  /** Name of the exported handler function; dots reach nested properties (`handlers.stream`). */
  exportName: string;
  /** Map stack traces through source maps (a bundled TypeScript handler), as `--enable-source-maps` does. */
  sourceMaps?: boolean;
  /** The payload text; the host parses it (empty means `{}`). */
  payload: string;
  context: ContextFields;
  /** Unacknowledged chunk bytes the host may have in flight before it waits for `ack`. */
  windowBytes: number;
  /**
   * For a host started ahead of its invocation (the endpoint's spare, see spareHost.ts): the working directory and
   * the complete environment, which the host applies before anything of the function loads. Absent when the host
   * was started for this invocation with both already in place.
   */
  setup?: HostSetup;
}

/** The working directory and environment a spare host takes on for its one invocation. */
export interface HostSetup {
  cwd: string;
  env: Record<string, string>;
}

/** Emulator → host: this many chunk bytes have been written to the client; more may follow. */
export interface AckMessage {
  type: 'ack';
  bytes: number;
}

/** Host → emulator messages. */
export type HostMessage =
  /** Console or stdout/stderr text, already in Lambda's log format. */
  | { type: 'log'; text: string }
  /** A piece of streamed output (a write, or a part of a large one). */
  | { type: 'chunk'; data: Uint8Array }
  /** A streaming handler's promise settled successfully; the invocation ends when its stream ends. */
  | { type: 'returned' }
  /** Success. `body` is a buffered handler's JSON result; streaming handlers send none. */
  | { type: 'result'; body?: Uint8Array; maxRssKb: number }
  /** Failure, before or after some chunks. */
  | { type: 'error'; error: ErrorBody; maxRssKb: number };

/** The host's last message. */
export type FinalMessage = Extract<HostMessage, { type: 'result' | 'error' }>;

/** Emulator → host messages. */
export type ParentMessage = InvokeMessage | AckMessage;

/** Largest chunk the host sends in one message; bigger writes are split, keeping event-stream frames small. */
export const MAX_CHUNK_BYTES = 1024 * 1024;

/**
 * The message as the emulator may trust it, or undefined when it is not one a handler host sends: each field of the
 * right type (`Uint8Array` chunks of at most MAX_CHUNK_BYTES, string log text, an error with string fields). The
 * host process runs user code, so what arrives on its channel is checked like any input.
 */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'log':
      return typeof message.text === 'string' ? { type: 'log', text: message.text } : undefined;
    case 'chunk':
      return message.data instanceof Uint8Array && message.data.byteLength <= MAX_CHUNK_BYTES
        ? { type: 'chunk', data: message.data }
        : undefined;
    case 'returned':
      return { type: 'returned' };
    case 'result': {
      if (!isMemory(message.maxRssKb)) return undefined;
      if (message.body !== undefined && !(message.body instanceof Uint8Array)) return undefined;
      return { type: 'result', maxRssKb: message.maxRssKb, ...(message.body ? { body: message.body } : {}) };
    }
    case 'error': {
      const error = message.error as Record<string, unknown> | null | undefined;
      if (!isMemory(message.maxRssKb) || typeof error !== 'object' || error === null) return undefined;
      const trace = error.trace;
      if (typeof error.errorType !== 'string' || typeof error.errorMessage !== 'string') return undefined;
      if (trace !== undefined && !(Array.isArray(trace) && trace.every((line) => typeof line === 'string')))
        return undefined;
      return {
        type: 'error',
        maxRssKb: message.maxRssKb,
        error: { errorType: error.errorType, errorMessage: error.errorMessage, ...(trace ? { trace } : {}) },
      };
    }
    default:
      return undefined;
  }
}

function isMemory(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
