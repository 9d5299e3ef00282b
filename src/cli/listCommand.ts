/**
 * `lambda-stream list`: the connection's functions with their aliases and versions, printed as they are found (a few
 * functions' details are fetched at once, output stays in listing order). `--json`: one object per function per line.
 * A function whose aliases or versions cannot be read (e.g. no `lambda:ListAliases` permission) is still listed, with
 * a note saying why; the listing goes on and exits 3 at the end.
 */
import { disposeLambdaClients } from '../core/aws/client';
import { classifyError, type ErrorClassification, LambdaStreamError } from '../core/errors/classify';
import {
  type AliasSummary,
  type FunctionSummary,
  listAliases,
  listFunctions,
  listVersions,
  type VersionSummary,
} from '../core/aws/listing';
import { type ListArguments, parseListArguments, UsageError } from './args';
import { errorJson, errorLines, ExitCode, exitCodeFor } from './render';
import { StdoutSink } from './stdoutSink';
import { stripTerminalControls } from './terminalText';

/** The text of `lambda-stream list --help`. */
export const LIST_USAGE = `Usage: lambda-stream list [--profile P] [--region R] [--endpoint URL] [--json]
  Lists the functions with their aliases and versions.
`;

/** How many functions' aliases and versions are requested at the same time. */
const DETAIL_CONCURRENCY = 4;

/** A function with its aliases and versions, or with the reason they could not be read. */
type FunctionDetails =
  | {
      readonly fn: FunctionSummary;
      readonly aliases: AliasSummary[];
      readonly versions: VersionSummary[];
      readonly failure?: undefined;
    }
  | { readonly fn: FunctionSummary; readonly failure: ErrorClassification };

/** Runs `list`; resolves with the exit code. */
export async function runList(argv: string[]): Promise<number> {
  let args: ListArguments;
  try {
    args = parseListArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`lambda-stream list: ${error.message}\n${LIST_USAGE}`);
    return ExitCode.usage;
  }
  if (args.help) {
    process.stdout.write(LIST_USAGE);
    return ExitCode.ok;
  }
  const stdout = new StdoutSink();
  const controller = new AbortController();
  stdout.onReaderClosed(() => controller.abort());
  const options = { signal: controller.signal };
  // Never rejects (see `details`): several are pending while the first is awaited.
  const pending: Promise<FunctionDetails>[] = [];
  let count = 0;
  const failures: ErrorClassification[] = [];
  const print = async (details: FunctionDetails) => {
    count++;
    if (details.failure) failures.push(details.failure);
    // Names and descriptions come from the server: no terminal control sequences reach the terminal.
    await stdout.write(args.json ? jsonLine(details) : stripTerminalControls(humanLines(details)));
  };
  try {
    for await (const fn of listFunctions(args.connection, options)) {
      pending.push(details(fn, args, options));
      if (pending.length >= DETAIL_CONCURRENCY) await print(await pending.shift()!);
    }
    while (pending.length > 0) await print(await pending.shift()!);
    if (stdout.closed) return ExitCode.ok;
    if (!args.json && count === 0) process.stderr.write('No functions.\n');
    if (failures.length === 0) return ExitCode.ok;
    const [first] = failures;
    const which = `${failures.length} of ${count} function${count === 1 ? '' : 's'}`;
    process.stderr.write(
      `${stripTerminalControls([...errorLines(first), `  (aliases and versions are missing for ${which})`].join('\n'))}\n`,
    );
    return ExitCode.failure;
  } catch (caught) {
    if (stdout.closed) return ExitCode.ok;
    const error =
      caught instanceof LambdaStreamError
        ? caught
        : new LambdaStreamError(classifyError(caught, { operation: 'list' }));
    if (args.json) await stdout.write(errorJson(error.classification));
    else process.stderr.write(`${stripTerminalControls(errorLines(error.classification).join('\n'))}\n`);
    return exitCodeFor(error.classification.category);
  } finally {
    controller.abort();
    await disposeLambdaClients();
  }
}

/** The function's aliases and versions; never rejects: a failure is classified and returned with the function. */
async function details(
  fn: FunctionSummary,
  args: ListArguments,
  options: { signal: AbortSignal },
): Promise<FunctionDetails> {
  try {
    const [aliases, versions] = await Promise.all([
      collect(listAliases(args.connection, fn.name, options)),
      collect(listVersions(args.connection, fn.name, options)),
    ]);
    return { fn, aliases, versions };
  } catch (error) {
    return { fn, failure: classifyError(error, { operation: 'list', functionName: fn.name }) };
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function humanLines(details: FunctionDetails): string {
  const { fn } = details;
  const lines = [`${fn.name}${fn.runtime ? `  (${fn.runtime})` : ''}${fn.description ? `  ${fn.description}` : ''}`];
  if (details.failure) lines.push(`  aliases and versions not available: ${details.failure.message}`);
  else {
    const { aliases, versions } = details;
    if (aliases.length > 0)
      lines.push(`  aliases:  ${aliases.map((alias) => `${alias.name} → ${alias.functionVersion ?? '?'}`).join(', ')}`);
    lines.push(`  versions: ${versions.map((version) => version.version).join(', ') || '$LATEST'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One function per line; a function whose details failed carries `error` (the classification) instead of them. */
function jsonLine(details: FunctionDetails): string {
  const rest = details.failure ? { error: details.failure } : { aliases: details.aliases, versions: details.versions };
  return `${JSON.stringify({ ...details.fn, ...rest })}\n`;
}
