/**
 * One invocation while it runs and shortly after: what was asked, its cancel switch, the live figures the
 * progress shows, the file holding its full output, and how it ended. Plain state; the runner drives it.
 */
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { ChunkTimeline } from '../../core/response/chunkTimeline';
import { chunkByteLength, type InvokeEvent, type StartedEvent } from '../../core/engine/events';
import type { OutputSpool } from '../../core/response/outputSpool';
import type { InvocationDescription, InvocationOutcome } from '../../core/response/responseSummary';
import type { InvocationRequest } from '../request';

/** How an invocation ended, as plain data: the invoke commands return it (tests and issue 7's history read it). */
export interface InvocationSummary {
  readonly id: number;
  readonly target: string;
  readonly connection: string;
  readonly outcome: InvocationOutcome['kind'];
  /** The classification code of a failure (`FunctionError`, `ResourceNotFoundException`, `Cancelled`, …). */
  readonly errorCode?: string;
  /** The function's own error code from InvokeComplete (`Error`, `Sandbox.Timedout`). */
  readonly functionErrorCode?: string;
  readonly documentUri?: string;
  /** The file with the output bytes exactly as written. */
  readonly outputFile: string;
  readonly bytes: number;
  readonly chunks: number;
  /** Event types in the order the core yielded them; a run of chunks is one `chunk` entry (memory stays bounded). */
  readonly events: readonly InvokeEvent['type'][];
  readonly durationMs: number;
  /** The HTTP status of the response (200, 204 for a dry run, a function URL's own), once its headers arrived. */
  readonly statusCode?: number;
  /** The notification the outcome got: its sentence and buttons, and whether it was folded into an open one. */
  readonly notice?: NoticeRecord;
}

/** What a person was told about an invocation's outcome. */
export interface NoticeRecord {
  readonly message: string;
  readonly buttons: readonly string[];
  /** False when the same cause was already on screen, so this one was only logged. */
  readonly shown: boolean;
}

/** The live state of one invocation; the runner mutates it, progress, commands and the summary read it. */
export class Invocation {
  private readonly controller = new AbortController();
  private readonly startedAt = performance.now();
  readonly events: InvokeEvent['type'][] = [];
  bytes = 0;
  chunks = 0;
  firstByte = false;
  outcome: InvocationOutcome | undefined;
  documentUri: vscode.Uri | undefined;
  /** The response headers' event (status, executed version, request id), for the details view. */
  started: StartedEvent | undefined;
  /** When each chunk arrived, for the details view's chart. */
  readonly timeline = new ChunkTimeline();
  notice: NoticeRecord | undefined;
  /** How the response document ended up: binary output is summarised, a capped one points at the full file. */
  shown: { readonly binary: boolean; readonly truncated: boolean } = { binary: false, truncated: false };
  /** For a Local invocation: the generation of the endpoint process that serves it. */
  localEndpointGeneration: number | undefined;
  /** Wall-clock start, for the history. */
  readonly startedAtEpochMs = Date.now();

  constructor(
    readonly id: number,
    readonly request: InvocationRequest,
    readonly description: InvocationDescription,
    readonly spool: OutputSpool,
  ) {}

  /** `token-stream:live` */
  get label(): string {
    return this.request.target.qualifier
      ? `${this.request.target.functionName}:${this.request.target.qualifier}`
      : this.request.target.functionName;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isRunning(): boolean {
    return this.outcome === undefined;
  }

  get elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Aborts the request (the function itself may keep running). */
  cancel(): void {
    if (this.isRunning) this.controller.abort();
  }

  /** Counts an event for the progress and the summary. */
  note(event: InvokeEvent): void {
    if (event.type !== 'chunk' || this.events.at(-1) !== 'chunk') this.events.push(event.type);
    if (event.type === 'started') this.started = event;
    if (event.type === 'chunk') {
      const byteLength = chunkByteLength(event);
      this.timeline.record(event.atMs, byteLength);
      this.bytes += byteLength;
      this.chunks++;
      this.firstByte = true;
    }
  }

  summary(): InvocationSummary {
    const outcome = this.outcome;
    return {
      id: this.id,
      target: this.label,
      connection: this.description.connection,
      outcome: outcome?.kind ?? 'cancelled',
      errorCode:
        outcome?.kind === 'failed'
          ? outcome.error.code
          : outcome?.kind === 'cancelled'
            ? 'Cancelled'
            : outcome?.complete.errorCode
              ? 'FunctionError'
              : undefined,
      functionErrorCode: outcome?.kind === 'completed' ? outcome.complete.errorCode : undefined,
      documentUri: this.documentUri?.toString(),
      outputFile: this.spool.filePath,
      bytes: this.bytes,
      chunks: this.chunks,
      events: [...this.events],
      durationMs: Math.round(this.elapsedMs),
      ...(this.started ? { statusCode: this.started.statusCode } : {}),
      ...(this.notice ? { notice: this.notice } : {}),
    };
  }
}
