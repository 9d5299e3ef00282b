/**
 * `lambda-stream run FILE [NAME…]`: runs the invocations of an invocation file (all by default) one after another,
 * each streamed to stdout as `invoke` and `url` stream (a `── name` line on stderr before each), and exits non-zero
 * if any failed: a smoke test of deployed streaming functions for CI. A file with problems in the chosen invocations
 * sends nothing and lists them as `file:line:column: message`. `@connection local` goes to `--local URL`, or to a
 * Local endpoint started here for the project beside the file (or `--project`, `--functions`, else the samples).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { disposeLambdaClients } from '../core/aws/client';
import type { Connection } from '../core/aws/connection';
import type { InvokeEvent } from '../core/engine/events';
import { invokeFunctionUrlTarget } from '../core/engine/functionUrlCall';
import { invokeStreaming } from '../core/engine/invoke';
import { invokeBuffered } from '../core/engine/invokeBuffered';
import { connectionText } from '../core/invocations/exchange';
import { type FileInvocation, loadInvocationFile } from '../core/invocations/invocationFile';
import type { ConnectionSpec, ResolvedInvocation } from '../core/invocations/resolve';
import { environmentNames } from '../core/invocations/variables';
import { detectProject } from '../core/project/loadProject';
import { positionAt } from '../core/rules/payload';
import { type LocalEndpoint, startLocalEndpoint } from '../emulator/server';
import { parseRunArguments, type RunArguments, UsageError } from './args';
import { ExitCode } from './render';
import { StdoutSink } from './stdoutSink';
import { interruption, printEvents } from './streamOutput';
import { stripTerminalControls } from './terminalText';

/** The text of `lambda-stream run --help`. */
export const RUN_USAGE = `Usage: lambda-stream run <file.invoke> [name …] [options]
  -e, --env E               the environment (from lambda-stream.env.json beside the file)
      --profile P           AWS profile for invocations without @connection
      --region R            AWS region for invocations without @connection
      --endpoint URL        a Lambda-compatible endpoint for invocations without @connection
      --local URL           a running Local endpoint (lambda-stream serve) for @connection local
      --project PATH        what a Local endpoint started here serves (default: a project beside the file,
      --functions DIR         else the sample functions)
      --json                one JSON event per line on stdout, each invocation starting with {"type":"invocation"}
      --safe-output         strip terminal control sequences from the output too
Runs the named invocations (all by default) in file order. Exit codes: 0 all succeeded, 2 the file has problems
(nothing sent), else the exit code of the first that failed (1 the function failed, 3 service or network error)
`;

/** Runs `run`; resolves with the exit code. */
export async function runRun(argv: string[]): Promise<number> {
  let args: RunArguments;
  let selected: readonly FileInvocation[];
  try {
    args = parseRunArguments(argv);
    if (args.help) {
      process.stdout.write(RUN_USAGE);
      return ExitCode.ok;
    }
    selected = readSelected(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`lambda-stream run: ${stripTerminalControls(error.message)}\n`);
    return ExitCode.usage;
  }
  const stdout = new StdoutSink();
  const interrupt = interruption(stdout);
  const connections = new Connections(args);
  const results: { name: string; code: number }[] = [];
  try {
    for (const { invocation } of selected) {
      if (interrupt.signal.aborted) break;
      const resolved = invocation!;
      process.stderr.write(`── ${stripTerminalControls(resolved.name)} · ${describe(resolved)}\n`);
      if (args.json) await stdout.write(`${JSON.stringify({ type: 'invocation', name: resolved.name })}\n`);
      let code: number;
      try {
        const connection = await connections.for(resolved.connection);
        const events = eventsOf(resolved, connection, interrupt.signal, args);
        code = await printEvents(events, { json: args.json, safeOutput: args.safeOutput }, stdout);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`lambda-stream run: ${error.message}\n`);
        code = ExitCode.usage;
      }
      results.push({ name: resolved.name, code });
      if (stdout.closed) break;
    }
  } finally {
    interrupt.dispose();
    await disposeLambdaClients();
    await connections.close();
  }
  const failed = results.filter((result) => result.code !== ExitCode.ok);
  const skipped = selected.length - results.length;
  process.stderr.write(
    `── run: ${results.length - failed.length} succeeded, ${failed.length} failed${skipped ? `, ${skipped} not run` : ''}` +
      `${failed.length ? ` (${failed.map((result) => stripTerminalControls(result.name)).join(', ')})` : ''}\n`,
  );
  if (interrupt.signal.aborted && !stdout.closed) return ExitCode.interrupted;
  return failed[0]?.code ?? ExitCode.ok;
}

/** Reads the file and picks the invocations; problems in them are a usage error listing each at its place. */
function readSelected(args: RunArguments): readonly FileInvocation[] {
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const file = loadInvocationFile(text, {
    filePath: path.resolve(args.file),
    environment: args.environment,
    readFile: (absolute) => readFileSync(absolute),
  });
  if (file.environmentsProblem) throw new UsageError(file.environmentsProblem);
  const names = environmentNames(file.environments);
  if (args.environment !== undefined && !names.includes(args.environment))
    throw new UsageError(
      `there is no environment '${args.environment}'${names.length ? `: the environments are ${names.join(', ')}` : ' (lambda-stream.env.json beside the file defines them)'}`,
    );
  const byName = new Map(file.invocations.map((invocation) => [invocation.block.name, invocation]));
  const unknown = args.names.filter((name) => !byName.has(name));
  if (unknown.length > 0)
    throw new UsageError(
      `${args.file} has no invocation named ${unknown.map((name) => `'${name}'`).join(', ')}; it has ${[...byName.keys()].map((name) => `'${name}'`).join(', ')}`,
    );
  const selected = args.names.length > 0 ? args.names.map((name) => byName.get(name)!) : file.invocations;
  const within = (offset: number, blocks: readonly FileInvocation[]) =>
    blocks.some(({ block }) => offset >= block.offset && offset < block.end);
  // The file's problems (syntax and every invocation's, each once), kept for the chosen invocations and the file's
  // own lines (variables and options before the first ###, which every invocation uses).
  const problems = file.problems.filter(
    (problem) =>
      problem.severity === 'error' && (within(problem.offset, selected) || !within(problem.offset, file.invocations)),
  );
  if (problems.length > 0 || selected.some((invocation) => !invocation.invocation)) {
    const lines = problems.map((problem) => {
      const { line, column } = positionAt(text, problem.offset);
      return `${args.file}:${line}:${column}: ${problem.message}`;
    });
    throw new UsageError(`${args.file} has problems, so nothing was sent:\n${lines.join('\n')}`);
  }
  if (selected.length === 0)
    throw new UsageError(`${args.file} holds no invocation (start one with ### and INVOKE <function>)`);
  return selected;
}

function eventsOf(
  invocation: ResolvedInvocation,
  connection: Connection | undefined,
  signal: AbortSignal,
  args: RunArguments,
): AsyncIterable<InvokeEvent> {
  const decodeText = args.json || process.stdout.isTTY === true || args.safeOutput;
  if (invocation.kind === 'url')
    return invokeFunctionUrlTarget(
      {
        connection,
        functionName: invocation.functionName,
        qualifier: invocation.qualifier,
        url: invocation.url,
        authType: invocation.options.authType,
      },
      invocation.urlRequest!,
      { signal, decodeText },
    );
  const { options } = invocation;
  const invoke = options.buffered ? invokeBuffered : invokeStreaming;
  return invoke(
    { connection: connection!, functionName: invocation.functionName!, qualifier: invocation.qualifier },
    invocation.payload!,
    {
      signal,
      logType: options.logTail ? 'Tail' : 'None',
      dryRun: options.dryRun,
      clientContext: options.clientContext,
      tenantId: options.tenantId,
      decodeText,
    },
  );
}

function describe(invocation: ResolvedInvocation): string {
  const target =
    invocation.url ?? `${invocation.functionName}${invocation.qualifier ? `:${invocation.qualifier}` : ''}`;
  const request = invocation.urlRequest ? `${invocation.urlRequest.method} ` : '';
  const where = invocation.connection ? ` on ${connectionLabel(invocation.connection)}` : '';
  return `${request}${target}${where} · ${invocation.payloadLabel}`;
}

function connectionLabel(spec: ConnectionSpec): string {
  return spec.kind === 'local' ? 'Local' : connectionText(spec);
}

/** The connections of one run; a Local endpoint is started at most once, on first use. */
class Connections {
  private local: Promise<LocalEndpoint> | undefined;

  constructor(private readonly args: RunArguments) {}

  /** The connection for a spec; undefined only for a bare function URL without @connection. */
  async for(spec: ConnectionSpec | undefined): Promise<Connection | undefined> {
    if (!spec) return this.args.connection;
    switch (spec.kind) {
      case 'aws':
        return { kind: 'aws', profile: spec.profile, region: spec.region };
      case 'endpoint':
        return { kind: 'endpoint', endpoint: spec.url };
      case 'custom':
        throw new UsageError(
          `'custom ${spec.name}' names an endpoint from VS Code's lambdaStream.customEndpoints; on the command line give @connection <URL>, or --endpoint`,
        );
      case 'local': {
        if (this.args.local) return { kind: 'endpoint', endpoint: this.args.local };
        const endpoint = await this.startLocal();
        return { kind: 'endpoint', endpoint: endpoint.url, credentials: endpoint.sessionKeys };
      }
    }
  }

  async close(): Promise<void> {
    const local = this.local;
    this.local = undefined;
    if (local) await (await local).close();
  }

  private startLocal(): Promise<LocalEndpoint> {
    if (!this.local) {
      const beside = path.dirname(path.resolve(this.args.file));
      const project = this.args.project ?? (this.args.functionsDir ? undefined : projectBeside(beside));
      process.stderr.write(
        `lambda-stream run: starting a Local endpoint for ${project ?? this.args.functionsDir ?? 'the sample functions'}\n`,
      );
      this.local = startLocalEndpoint({
        project,
        functionsDir: this.args.functionsDir,
        onProblem: (problem) => process.stderr.write(`lambda-stream run: ${stripTerminalControls(problem)}\n`),
      });
    }
    return this.local;
  }
}

/** The folder itself when it holds a SAM, CDK or Serverless project. */
function projectBeside(dir: string): string | undefined {
  return 'error' in detectProject(dir) ? undefined : dir;
}
