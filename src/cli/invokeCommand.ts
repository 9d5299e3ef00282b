/**
 * `lambda-stream invoke`: streams a function's output to stdout as each chunk arrives; the HTTP prelude, the
 * summary and the log tail go to stderr (or, with `--json`, every event is one JSON line on stdout). Exit codes:
 * 0 success, 1 the function failed, 2 usage or validation (nothing sent), 3 service, credential or network error,
 * 130 interrupted (Ctrl-C). A reader that closes stdout early (`| head`) stops the invocation and exits 0.
 */
import { readFile } from 'node:fs/promises';
import { disposeLambdaClients } from '../core/aws/client';
import { classifyError, LambdaStreamError } from '../core/errors/classify';
import type { CompleteEvent, InvokeEvent, StartedEvent } from '../core/engine/events';
import { invokeStreaming } from '../core/engine/invoke';
import { invokeBuffered } from '../core/engine/invokeBuffered';
import { figuresText, footerLines, logLines, preludeLines } from '../core/response/responseSummary';
import { type InvokeArguments, parseInvokeArguments, UsageError } from './args';
import { errorJson, errorLines, eventJson, ExitCode, exitCodeFor } from './render';
import { StdoutSink } from './stdoutSink';
import { stripTerminalControls, TerminalTextFilter } from './terminalText';

/** The text of `lambda-stream invoke --help`. */
export const INVOKE_USAGE = `Usage: lambda-stream invoke <function> [options]
  -q, --qualifier Q         version or alias
  -p, --payload JSON|@FILE|-  the event: JSON text, a file, or stdin (default: empty, the function gets {})
      --profile P           AWS profile (default: AWS_PROFILE, then default)
      --region R            AWS region (default: the profile's, then AWS_REGION)
      --endpoint URL        a Lambda-compatible endpoint, e.g. the Local endpoint of \`lambda-stream serve\`
      --log                 print the last 4 KB of the function's log to stderr
      --dry-run             check parameters and permission without running the function
      --client-context JSON   object passed to the function as context.clientContext
      --tenant-id T         tenant of a multi-tenant function
      --buffered            use Invoke instead of InvokeWithResponseStream
      --json                one JSON event per line on stdout instead of the raw output
      --safe-output         strip terminal control sequences from the function's output too (it is exact by default)
      --allow-insecure-endpoint   allow a plain http:// --endpoint on another machine
Exit codes: 0 success, 1 the function failed, 2 usage or validation error (nothing sent),
            3 service, credential or network error, 130 interrupted
`;

/** Runs `invoke`; resolves with the exit code. */
export async function runInvoke(argv: string[]): Promise<number> {
  let args: InvokeArguments;
  let payload: string | Uint8Array;
  try {
    args = parseInvokeArguments(argv);
    if (args.help) {
      process.stdout.write(INVOKE_USAGE);
      return ExitCode.ok;
    }
    payload = await readPayload(args.payload);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`lambda-stream invoke: ${error.message}\n${INVOKE_USAGE}`);
    return ExitCode.usage;
  }
  const stdout = new StdoutSink();
  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(ExitCode.interrupted) : controller.abort());
  process.on('SIGINT', onSigint);
  stdout.onReaderClosed(() => controller.abort());
  const terminal = process.stdout.isTTY === true;
  const invoke = args.buffered ? invokeBuffered : invokeStreaming;
  const events = invoke(
    { connection: args.connection, functionName: args.functionName, qualifier: args.qualifier },
    payload,
    {
      signal: controller.signal,
      logType: args.log ? 'Tail' : undefined,
      dryRun: args.dryRun,
      clientContext: args.clientContext,
      tenantId: args.tenantId,
      decodeText: args.json || terminal || args.safeOutput,
    },
  );
  let started: StartedEvent | undefined;
  let binaryHidden = 0;
  const filter = args.safeOutput ? new TerminalTextFilter() : undefined;
  try {
    for await (const event of events) {
      if (event.type === 'started') started = event;
      if (args.json) await stdout.write(eventJson(event));
      else if (event.type === 'chunk' && terminal && event.text === undefined) binaryHidden += event.bytes.byteLength;
      else if (event.type === 'chunk' && filter) {
        if (event.text === undefined) binaryHidden += event.bytes.byteLength;
        else await stdout.write(filter.push(event.text));
      } else {
        if (filter && event.type === 'complete') await stdout.write(filter.end());
        await renderHuman(event, stdout, started, binaryHidden);
      }
      if (event.type === 'complete')
        return event.errorCode || event.functionError ? ExitCode.functionFailed : ExitCode.ok;
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
    if (args.json) await stdout.write(errorJson(error.classification, error.metrics));
    else if (error.classification.category === 'cancelled')
      writeLines(footerLines({ kind: 'cancelled', metrics: error.metrics }, started), stdout);
    else {
      const figures = started && error.metrics ? [`── ${figuresText(started, error.metrics)}`] : [];
      writeLines([...errorLines(error.classification), ...figures], stdout);
    }
    return exitCodeFor(error.classification.category);
  } finally {
    process.off('SIGINT', onSigint);
    await disposeLambdaClients();
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
      await stdout.write(event.bytes);
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

async function readPayload(option: string | undefined): Promise<string | Uint8Array> {
  if (option === undefined) return '';
  if (option === '-') {
    const parts: Buffer[] = [];
    for await (const part of process.stdin) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }
  if (option.startsWith('@')) {
    try {
      return await readFile(option.slice(1));
    } catch (error) {
      throw new UsageError(
        `cannot read the payload file ${option.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  return option;
}
