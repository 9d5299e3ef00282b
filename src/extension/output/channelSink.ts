/**
 * The "Lambda Stream" output channel: for each invocation a header line, the output appended as it arrives, then a
 * footer with the figures and the outcome, and the log tail in its own block.
 *
 * Several invocations may run at once, but one channel cannot show two streams without mixing their bytes. So the
 * channel belongs to one invocation at a time (the oldest running); the others keep their text until it is their
 * turn, bounded by the same cap as the document. Appends are batched like the document's.
 * Only types come from `vscode`, so the plain-Node unit tests drive it with a fake channel.
 */
import type * as vscode from 'vscode';
import { chunkByteLength, type InvokeLog, type StartedEvent } from '../../core/engine/events';
import { formatBytes } from '../../core/engine/metrics';
import {
  footerLines,
  headerLine,
  type InvocationDescription,
  type InvocationOutcome,
  logLines,
  preludeLines,
} from '../../core/response/responseSummary';
import { UpdateBatcher } from '../../core/response/updateBatcher';
import type { ChunkSink, StreamEvent } from './sinks';

/** Owns the channel and decides which invocation writes to it. */
export class ChannelWriter implements vscode.Disposable {
  private readonly queue: ChannelSink[] = [];

  constructor(readonly channel: Pick<vscode.OutputChannel, 'append' | 'show' | 'dispose'>) {}

  /** A sink for one invocation; it writes live when the channel is free, else when the ones before it end. */
  open(description: InvocationDescription, maxBytes: number): ChannelSink {
    const sink = new ChannelSink(this, description, maxBytes);
    this.queue.push(sink);
    return sink;
  }

  /** True when `sink` may write now. */
  owns(sink: ChannelSink): boolean {
    return this.queue[0] === sink;
  }

  /** `sink` is done: the next one takes the channel and writes what it kept. */
  release(sink: ChannelSink): void {
    const index = this.queue.indexOf(sink);
    if (index === -1) return;
    this.queue.splice(index, 1);
    if (index === 0) this.queue[0]?.flush();
  }

  dispose(): void {
    for (const sink of [...this.queue]) sink.dispose();
    this.channel.dispose();
  }
}

/** One invocation's part of the channel: buffered until it owns the channel, then appended in batches. */
export class ChannelSink implements ChunkSink {
  private pending: string[] = [];
  private textBytes = 0;
  private capped = false;
  private binary = false;
  private ended = false;
  private atLineStart = true;
  private started: StartedEvent | undefined;
  private readonly batcher = new UpdateBatcher(() => this.flush());

  constructor(
    private readonly writer: ChannelWriter,
    description: InvocationDescription,
    private readonly maxBytes: number,
  ) {
    this.push(`▶ ${headerLine(description)}\n`);
    this.batcher.schedule();
  }

  accept(event: StreamEvent): void {
    if (event.type === 'started') this.started = event;
    if (event.type === 'httpPrelude') this.push(`${preludeLines(event).join('\n')}\n\n`);
    if (event.type === 'chunk') this.chunk(event.text, chunkByteLength(event));
    this.batcher.schedule();
  }

  finish(outcome: InvocationOutcome, log?: InvokeLog): void {
    const lines = [...footerLines(outcome, this.started), ...(log ? logLines(log) : [])];
    this.push(`${this.atLineStart ? '' : '\n'}${lines.join('\n')}\n\n`);
    this.ended = true;
    this.batcher.flushNow();
    this.flush();
  }

  /** Appends what is pending, if this invocation owns the channel; after the end, hands the channel on. */
  flush(): void {
    if (!this.writer.owns(this)) return;
    if (this.pending.length > 0) {
      this.writer.channel.append(this.pending.join(''));
      this.pending = [];
    }
    if (this.ended) {
      this.batcher.dispose();
      this.writer.release(this);
    }
  }

  dispose(): void {
    this.batcher.dispose();
    this.writer.release(this);
  }

  private chunk(text: string | undefined, byteLength: number): void {
    if (this.binary || this.capped) return;
    if (text === undefined) {
      this.binary = true;
      this.push(
        `${this.atLineStart ? '' : '\n'}── binary output, not shown as text (Save Output As… writes the bytes exactly)\n`,
      );
      return;
    }
    if (this.textBytes + byteLength > this.maxBytes) {
      this.capped = true;
      this.push(
        `${this.atLineStart ? '' : '\n'}── the channel stops here, at ${formatBytes(this.textBytes)}; the full output is kept (Save Output As…)\n`,
      );
      return;
    }
    this.textBytes += byteLength;
    if (text !== '') this.push(text);
  }

  private push(text: string): void {
    this.pending.push(text);
    this.atLineStart = text.endsWith('\n');
  }
}
