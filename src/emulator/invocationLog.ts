/**
 * One invocation's log as Lambda writes it: START, the function's output, END and REPORT, plus the lines the
 * platform adds for timeouts and crashes. Only the tail is kept (LogResult carries the last 4 KB); every piece is
 * also handed to an optional listener so `serve --logs` can print the full log.
 */

/** Bytes of log LogResult carries. */
export const LOG_TAIL_BYTES = 4096;
const KEEP_BYTES = 64 * 1024;

/** The REPORT line's figures. */
export interface ReportFigures {
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb?: number;
  /** `timeout` or `error` (with the error type), as newer Lambda REPORT lines say. */
  status?: { kind: 'timeout' } | { kind: 'error'; errorType: string };
}

/** Collects an invocation's log and yields its tail. */
export class InvocationLog {
  private pieces: Buffer[] = [];
  private size = 0;

  constructor(
    readonly requestId: string,
    private readonly listener?: (text: string) => void,
  ) {}

  /** `START RequestId: … Version: …` */
  start(version: string): void {
    this.append(`START RequestId: ${this.requestId} Version: ${version}\n`);
  }

  /** A platform line with the time and request id in front, as Lambda writes "Task timed out …". */
  platform(message: string): void {
    this.append(`${new Date().toISOString()} ${this.requestId} ${message}\n`);
  }

  /** Function output, already formatted by the handler host. */
  append(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.pieces.push(bytes);
    this.size += bytes.length;
    if (this.size > KEEP_BYTES) this.compact();
    try {
      this.listener?.(text);
    } catch {
      // A failing listener (e.g. a closed stdout) must not break the invocation that logs.
    }
  }

  /** `END` and `REPORT` lines. */
  finish(figures: ReportFigures): void {
    const fields = [
      `REPORT RequestId: ${this.requestId}`,
      `Duration: ${figures.durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.max(1, Math.ceil(figures.durationMs))} ms`,
      `Memory Size: ${figures.memorySizeMb} MB`,
      ...(figures.maxMemoryUsedMb === undefined ? [] : [`Max Memory Used: ${figures.maxMemoryUsedMb} MB`]),
      ...(figures.status?.kind === 'timeout' ? ['Status: timeout'] : []),
      ...(figures.status?.kind === 'error' ? ['Status: error', `Error Type: ${figures.status.errorType}`] : []),
    ];
    this.append(`END RequestId: ${this.requestId}\n${fields.join('\t')}\t\n`);
  }

  /** Base64 of the last 4 KB, the form of `LogResult` and `X-Amz-Log-Result`. */
  tailBase64(): string {
    const all = Buffer.concat(this.pieces);
    return all.subarray(Math.max(0, all.length - LOG_TAIL_BYTES)).toString('base64');
  }

  private compact(): void {
    const all = Buffer.concat(this.pieces);
    const kept = all.subarray(all.length - LOG_TAIL_BYTES);
    this.pieces = [kept];
    this.size = kept.length;
  }
}
