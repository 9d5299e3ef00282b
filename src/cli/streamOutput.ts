/**
 * What `invoke` and `url` print while a response streams: the output's bytes exactly on stdout (binary kept off a
 * terminal, control sequences stripped only with `--safe-output`), the prelude, summary, errors and log tail on
 * stderr with what came from a server cleaned of terminal controls, or with `--json` one JSON event per line.
 */
import {
  classifyError,
  classifyFunctionFailure,
  FUNCTION_URL_ERROR_PREFIX,
  LambdaStreamError,
} from '../core/errors/classify';
import {
  chunkByteLength,
  chunkHasText,
  chunkParts,
  type CompleteEvent,
  type InvokeEvent,
  type StartedEvent,
} from '../core/engine/events';
import { figuresText, footerLines, logLines, preludeLines } from '../core/response/responseSummary';
import { actionHint, errorJson, errorLines, eventJson, ExitCode, exitCodeFor } from './render';
import type { StdoutSink } from './stdoutSink';
import { stripTerminalControls, TerminalTextFilter } from './terminalText';

/**
 * Cancellation for one command: the first Ctrl-C aborts (the invocation stops, its partial output stays), a second
 * exits at once, and a reader that closes stdout aborts too. Call `dispose` when the command ends.
 */
export function interruption(stdout: StdoutSink): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(ExitCode.interrupted) : controller.abort());
  process.on('SIGINT', onSigint);
  stdout.onReaderClosed(() => controller.abort());
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** How to print. */
export interface PrintOptions {
  readonly json: boolean;
  readonly safeOutput: boolean;
}

/** Prints every event to its end and returns the exit code; never throws for a failed invocation. */
export async function printEvents(
  events: AsyncIterable<InvokeEvent>,
  options: PrintOptions,
  stdout: StdoutSink,
): Promise<number> {
  const terminal = process.stdout.isTTY === true;
  let started: StartedEvent | undefined;
  let binaryHidden = 0;
  const filter = options.safeOutput ? new TerminalTextFilter() : undefined;
  try {
    for await (const event of events) {
      if (event.type === 'started') started = event;
      if (options.json) await stdout.write(eventJson(event));
      else if (event.type === 'chunk' && terminal && !chunkHasText(event)) binaryHidden += chunkByteLength(event);
      else if (event.type === 'chunk' && filter) {
        if (event.text === undefined) binaryHidden += chunkByteLength(event);
        else await stdout.write(filter.push(event.text));
      } else {
        if (filter && event.type === 'complete') await stdout.write(filter.end());
        await renderHuman(event, stdout, started, binaryHidden);
      }
      if (event.type === 'complete') return completionExitCode(event);
    }
    return ExitCode.ok;
  } catch (caught) {
    const error = caught instanceof LambdaStreamError ? caught : new LambdaStreamError(classifyError(caught));
    if (stdout.closed) {
      process.stderr.write(
        'lambda-stream: stdout was closed, so the invocation was stopped; the function may keep running.\n',
      );
      return ExitCode.ok;
    }
    if (options.json) await stdout.write(errorJson(error.classification, error.metrics));
    else if (error.classification.category === 'cancelled')
      writeLines(footerLines({ kind: 'cancelled', metrics: error.metrics }, started), stdout);
    else {
      const figures = started && error.metrics ? [`── ${figuresText(started, error.metrics)}`] : [];
      writeLines([...errorLines(error.classification), ...figures], stdout);
    }
    return exitCodeFor(error.classification.category);
  }
}

async function renderHuman(
  event: InvokeEvent,
  stdout: StdoutSink,
  started: StartedEvent | undefined,
  binaryHidden: number,
): Promise<void> {
  switch (event.type) {
    case 'httpPrelude':
      writeLines(preludeLines(event), stdout);
      return;
    case 'chunk':
      for (const part of chunkParts(event)) await stdout.write(part);
      return;
    case 'complete':
      writeLines(completionLines(event, started, binaryHidden), stdout);
      return;
  }
}

function completionLines(complete: CompleteEvent, started: StartedEvent | undefined, binaryHidden: number): string[] {
  const lines: string[] = [];
  if (binaryHidden > 0)
    lines.push(
      `(${binaryHidden} bytes of binary output not shown on the terminal; redirect stdout to a file to keep them)`,
    );
  lines.push(...footerLines({ kind: 'completed', complete }, started));
  const urlFailure = functionUrlFailure(complete);
  for (const action of urlFailure?.actions ?? []) {
    // A URL answer carries no log tail: the log is where the function runs.
    const hint =
      action.kind === 'showLog'
        ? "see the function's log (CloudWatch Logs; for Local, `lambda-stream serve --logs`)"
        : actionHint(action);
    if (hint) lines.push(`  → ${hint}`);
  }
  if (complete.log) lines.push(...logLines(complete.log));
  return lines;
}

/**
 * Writes lines to stderr, first ending the output's last line when both go to the same terminal. What they quote
 * came from a server (errors, the prelude, the log tail), so terminal control sequences are removed.
 */
function writeLines(lines: string[], stdout: StdoutSink): void {
  const newline = stdout.endsWithoutNewline && process.stdout.isTTY && process.stderr.isTTY ? '\n' : '';
  process.stderr.write(`${newline}${stripTerminalControls(lines.join('\n'))}\n`);
}

/** 0 for success; a function URL's error status by what it means (403 is a credentials problem); else 1. */
function completionExitCode(complete: CompleteEvent): number {
  const urlFailure = functionUrlFailure(complete);
  if (urlFailure) return exitCodeFor(urlFailure.category);
  return complete.errorCode || complete.functionError ? ExitCode.functionFailed : ExitCode.ok;
}

function functionUrlFailure(complete: CompleteEvent) {
  return complete.errorCode?.startsWith(FUNCTION_URL_ERROR_PREFIX)
    ? classifyFunctionFailure({ errorCode: complete.errorCode, errorDetails: complete.errorDetails })
    : undefined;
}
