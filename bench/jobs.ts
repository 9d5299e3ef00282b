/**
 * What the runner asks a contender process to do, and what it answers. Every measured run happens in a fresh child
 * process (node for our contenders, python for botocore), so each run's CPU time and peak RSS are its own: nothing
 * left over from a previous contender's heap, JIT or sockets. The job travels as JSON in argv, the result as one
 * JSON line on stdout.
 */

/** The Node contenders: a plain HTTP read, the bare SDK, and our engine into three sinks (and on the SDK decoder). */
export type NodeContender = 'raw' | 'sdk' | 'core' | 'core-sdk' | 'document' | 'file';
/** Every contender, botocore included. */
export type Contender = NodeContender | 'botocore';

/**
 * Read one stream to the end. It is first read `warmupReads` times unmeasured: a fresh Node process reads a 100 MiB
 * stream up to twice as fast on its third read as on its first (JIT tiers, buffer pools, the connection's receive
 * window), and the extension host that runs the engine in real use is a long-lived, warm process.
 */
export interface StreamJob {
  readonly kind: 'stream';
  readonly contender: Contender;
  readonly url: string;
  readonly functionName: string;
  readonly warmupReads: number;
  /** Where the `file` contender writes (deleted afterwards). */
  readonly outputFile?: string;
}

/** Read a slow drip and report when each chunk was delivered (CLOCK_MONOTONIC, milliseconds). */
export interface DripJob {
  readonly kind: 'drip';
  readonly contender: Contender;
  readonly url: string;
  readonly functionName: string;
  readonly warmupFunction: string;
}

/** Read a stream whose first event comes 400 ms after the headers and report when each stage became visible. */
export interface FirstByteJob {
  readonly kind: 'firstByte';
  readonly contender: NodeContender;
  readonly url: string;
  readonly functionName: string;
  readonly warmupFunction: string;
}

/** Invoke a real function on the Local endpoint through our engine (null sink). */
export interface LocalInvokeJob {
  readonly kind: 'localInvoke';
  readonly url: string;
  readonly functionName: string;
  readonly payload: string;
}

/** List every function of the Local endpoint through our listing generator. */
export interface ListJob {
  readonly kind: 'list';
  readonly url: string;
}

/**
 * Start a command and time its first stdout byte, from this small process as from a person's shell: spawned from the
 * runner, whose heap holds the throughput suite's streams, the fork alone added tens of milliseconds.
 */
export interface FirstStdoutJob {
  readonly kind: 'firstStdout';
  readonly command: string;
  readonly args: readonly string[];
}

export type Job = StreamJob | DripJob | FirstByteJob | LocalInvokeJob | ListJob | FirstStdoutJob;

/** Resources of the measured part of a run. */
export interface RunCost {
  readonly wallMs: number;
  /** User + system CPU time of the whole process during the measured part. */
  readonly cpuUs: number;
  /**
   * Peak resident set size of the process (warm-up included), in KiB: `VmHWM` of /proc/self/status. Not
   * `getrusage().ru_maxrss`: Linux carries that over from the parent across fork + exec, so every child would report
   * at least the runner's own RSS.
   */
  readonly peakRssKb: number;
  /** Resident set size when the job started, before the contender loaded anything, in KiB. */
  readonly baseRssKb: number;
}

export interface StreamResult extends RunCost {
  readonly kind: 'stream';
  /** Output bytes delivered (payload bytes; raw counts the whole event-stream body). */
  readonly bytes: number;
  readonly chunks: number;
  /** Document refreshes (the `document` contender only). */
  readonly uiUpdates?: number;
}

export interface DripResult {
  readonly kind: 'drip';
  /** Delivery time of each chunk, in order (CLOCK_MONOTONIC ms). */
  readonly deliveredAtMs: number[];
}

export interface FirstByteResult {
  readonly kind: 'firstByte';
  /** From the request's start: when the caller learned the response had begun (headers, `send()` or `started`). */
  readonly startMs: number;
  /** From the request's start: when the first chunk of output reached the caller. */
  readonly firstChunkMs: number;
}

export interface LocalInvokeResult {
  readonly kind: 'localInvoke';
  readonly firstByteMs: number;
  readonly bytes: number;
  readonly throughputBytesPerSecond: number;
  readonly totalMs: number;
}

export interface ListResult {
  readonly kind: 'list';
  readonly firstPageMs: number;
  readonly allMs: number;
  readonly functions: number;
  readonly pages: number;
}

export interface FirstStdoutResult {
  readonly kind: 'firstStdout';
  /** From spawning the command to its first stdout byte (the command then exited with 0). */
  readonly ms: number;
}

export type JobResult =
  StreamResult | DripResult | FirstByteResult | LocalInvokeResult | ListResult | FirstStdoutResult;
