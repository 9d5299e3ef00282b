/**
 * `lambda-stream list`: the connection's functions with their aliases and versions, printed as they are found (a few
 * functions' details are fetched at once, output stays in listing order). `--json`: one object per function per line.
 */
import { disposeLambdaClients } from '../core/client';
import { classifyError, LambdaStreamError } from '../core/errors';
import { type AliasSummary, type FunctionSummary, listAliases, listFunctions, listVersions, type VersionSummary } from '../core/listing';
import { type ListArguments, parseListArguments, UsageError } from './args';
import { errorJson, errorLines, ExitCode, exitCodeFor } from './render';
import { StdoutSink } from './stdoutSink';

/** The text of `lambda-stream list --help`. */
export const LIST_USAGE = `Usage: lambda-stream list [--profile P] [--region R] [--endpoint URL] [--json]
  Lists the functions with their aliases and versions.
`;

/** How many functions' aliases and versions are requested at the same time. */
const DETAIL_CONCURRENCY = 4;

interface FunctionDetails {
  readonly fn: FunctionSummary;
  readonly aliases: AliasSummary[];
  readonly versions: VersionSummary[];
}

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
  const pending: Promise<FunctionDetails>[] = [];
  let count = 0;
  const print = async (details: FunctionDetails) => {
    count++;
    const json = () => `${JSON.stringify({ ...details.fn, aliases: details.aliases, versions: details.versions })}\n`;
    await stdout.write(args.json ? json() : humanLines(details));
  };
  try {
    for await (const fn of listFunctions(args.connection, options)) {
      pending.push(details(fn, args, options));
      if (pending.length >= DETAIL_CONCURRENCY) await print(await pending.shift()!);
    }
    while (pending.length > 0) await print(await pending.shift()!);
    if (!args.json && count === 0) process.stderr.write('No functions.\n');
    return ExitCode.ok;
  } catch (caught) {
    if (stdout.closed) return ExitCode.ok;
    const error = caught instanceof LambdaStreamError ? caught : new LambdaStreamError(classifyError(caught, { operation: 'list' }));
    if (args.json) await stdout.write(errorJson(error.classification));
    else process.stderr.write(`${errorLines(error.classification).join('\n')}\n`);
    return exitCodeFor(error.classification.category);
  } finally {
    pending.forEach((promise) => promise.catch(() => undefined));
    await disposeLambdaClients();
  }
}

async function details(fn: FunctionSummary, args: ListArguments, options: { signal: AbortSignal }): Promise<FunctionDetails> {
  const [aliases, versions] = await Promise.all([
    collect(listAliases(args.connection, fn.name, options)),
    collect(listVersions(args.connection, fn.name, options)),
  ]);
  return { fn, aliases, versions };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function humanLines({ fn, aliases, versions }: FunctionDetails): string {
  const lines = [`${fn.name}${fn.runtime ? `  (${fn.runtime})` : ''}${fn.description ? `  ${fn.description}` : ''}`];
  if (aliases.length > 0) lines.push(`  aliases:  ${aliases.map((alias) => `${alias.name} → ${alias.functionVersion ?? '?'}`).join(', ')}`);
  lines.push(`  versions: ${versions.map((version) => version.version).join(', ') || '$LATEST'}`);
  return `${lines.join('\n')}\n`;
}
