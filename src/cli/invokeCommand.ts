/**
 * `lambda-stream invoke`: streams a function's output to stdout as each chunk arrives; the HTTP prelude, the
 * summary and the log tail go to stderr (or, with `--json`, every event is one JSON line on stdout). Exit codes:
 * 0 success, 1 the function failed, 2 usage or validation (nothing sent), 3 service, credential or network error,
 * 130 interrupted (Ctrl-C). A reader that closes stdout early (`| head`) stops the invocation and exits 0.
 */
import { readFile } from 'node:fs/promises';
import { disposeLambdaClients } from '../core/aws/client';
import { invokeStreaming } from '../core/engine/invoke';
import { invokeBuffered } from '../core/engine/invokeBuffered';
import { type InvokeArguments, parseInvokeArguments, UsageError } from './args';
import { ExitCode } from './render';
import { StdoutSink } from './stdoutSink';
import { interruption, printEvents } from './streamOutput';

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
  const interrupt = interruption(stdout);
  const terminal = process.stdout.isTTY === true;
  const invoke = args.buffered ? invokeBuffered : invokeStreaming;
  const events = invoke(
    { connection: args.connection, functionName: args.functionName, qualifier: args.qualifier },
    payload,
    {
      signal: interrupt.signal,
      logType: args.log ? 'Tail' : undefined,
      dryRun: args.dryRun,
      clientContext: args.clientContext,
      tenantId: args.tenantId,
      decodeText: args.json || terminal || args.safeOutput,
    },
  );
  try {
    return await printEvents(events, { json: args.json, safeOutput: args.safeOutput }, stdout);
  } finally {
    interrupt.dispose();
    await disposeLambdaClients();
  }
}

/** The `--payload`/`--data` value as bytes or text: JSON text, `@file`, or `-` for stdin. */
export async function readPayload(option: string | undefined): Promise<string | Uint8Array> {
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
