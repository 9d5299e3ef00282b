/**
 * Runs the built `dist/cli.js` in a child process, the way a user would, and collects what it wrote.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';

/** The bundle under test (built by `node esbuild.mjs`). */
export const CLI = path.join(__dirname, '../../../cli.js');

/** What a finished run left behind. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI whose output can be watched while it runs. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once stdout contains the text. */
  stdoutIncludes(text: string): Promise<void>;
  /** What stdout has received so far. */
  stdoutSoFar(): string;
  /** Resolves when the process exits. */
  readonly done: Promise<CliResult>;
}

/** Starts the CLI with these arguments (and optional stdin text). */
export function startCli(args: string[], input?: string): RunningCli {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stdout = '';
  let stderr = '';
  const watchers: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    stdout += text;
    for (const watcher of watchers.filter((w) => stdout.includes(w.text))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  child.stderr.on('data', (text: string) => (stderr += text));
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    stdoutSoFar: () => stdout,
    stdoutIncludes: (text) =>
      stdout.includes(text) ? Promise.resolve() : new Promise((resolve) => watchers.push({ text, resolve })),
  };
}

/** Runs the CLI to its end. */
export function runCli(args: string[], input?: string): Promise<CliResult> {
  return startCli(args, input).done;
}
