/**
 * Where an invocation's output goes. The runner hands every sink the same events in order; each sink decides how
 * to show them (the output channel appends, the live document re-renders, the spool writes bytes to a file), so
 * adding a destination (issue 7's details view, a test recorder) never touches the runner.
 */
import {
  chunkParts,
  type ChunkEvent,
  type HttpPreludeEvent,
  type InvokeLog,
  type StartedEvent,
} from '../../core/engine/events';
import type { OutputSpool } from '../../core/response/outputSpool';
import type { InvocationOutcome } from '../../core/response/responseSummary';

/** The events a sink sees while the response streams; the end comes through `finish`. */
export type StreamEvent = StartedEvent | HttpPreludeEvent | ChunkEvent;

/** A destination for one invocation's output. */
export interface ChunkSink {
  /**
   * Takes the next event. A returned promise asks the runner to wait before reading more of the stream
   * (backpressure from a file); most sinks return nothing.
   */
  accept(event: StreamEvent): Promise<void> | void;
  /** The invocation ended (completed, failed or cancelled); flush everything. Called exactly once. */
  finish(outcome: InvocationOutcome, log?: InvokeLog): Promise<void> | void;
  /** Releases timers; the output already shown stays. */
  dispose(): void;
}

/** Writes the output bytes, exactly, to the invocation's spool file ("Save Output As…", the full output past the cap). */
export class SpoolSink implements ChunkSink {
  constructor(private readonly spool: OutputSpool) {}

  accept(event: StreamEvent): Promise<void> | void {
    if (event.type === 'chunk' && !this.spool.writeParts(chunkParts(event))) return this.spool.drained();
  }

  async finish(): Promise<void> {
    await this.spool.close().catch(() => undefined);
  }

  dispose(): void {
    // the file outlives the sink: the invocation record deletes it
  }
}

/** Sends each call to every sink in order; one sink's failure does not stop the others. */
export class SinkFanOut implements ChunkSink {
  constructor(
    private readonly sinks: readonly ChunkSink[],
    private readonly onError: (error: unknown) => void,
  ) {}

  accept(event: StreamEvent): Promise<void> | void {
    let waits: Promise<void>[] | undefined;
    for (const sink of this.sinks) {
      try {
        const wait = sink.accept(event);
        if (wait) (waits ??= []).push(wait);
      } catch (error) {
        this.onError(error);
      }
    }
    if (waits) return Promise.all(waits).then(() => undefined);
  }

  async finish(outcome: InvocationOutcome, log?: InvokeLog): Promise<void> {
    for (const sink of this.sinks) {
      try {
        await sink.finish(outcome, log);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  dispose(): void {
    for (const sink of this.sinks) sink.dispose();
  }
}
