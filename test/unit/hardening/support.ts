/**
 * Helpers the hardening tests share: the CLI and the Local endpoint as child processes with an environment the test
 * chooses (the usual CLI helper strips every AWS_ variable), a bounded wait, and a forced garbage collection for
 * memory assertions.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** The built CLI bundle and the Local endpoint's process entry. */
export const CLI = path.join(__dirname, '../../../cli.js');
export const EMULATOR_MAIN = path.join(__dirname, '../../../emulator/main.js');

// The SDK warns on every Node below 22 on stderr; the project supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** This process's environment without any AWS_ variable, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** What a finished process wrote and how it ended. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A started child whose output can be awaited while it runs. */
export interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly done: Promise<Run>;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout matches. */
  stdoutMatches(pattern: RegExp): Promise<RegExpExecArray>;
}

/** Starts `node <script> ...args` with exactly this environment. */
export function start(script: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Started {
  const child = spawn(process.execPath, [script, ...args], { env });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ pattern: RegExp; resolve: (match: RegExpExecArray) => void }> = [];
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    for (const watcher of [...watchers]) {
      const match = watcher.pattern.exec(stdout);
      if (match) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(match);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.end(input);
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    child,
    done,
    output: () => ({ stdout, stderr }),
    stdoutMatches: (pattern) => {
      const match = pattern.exec(stdout);
      return match ? Promise.resolve(match) : new Promise((resolve) => watchers.push({ pattern, resolve }));
    },
  };
}

/** Runs the CLI to its end with this environment (AWS_ variables of the test process are not passed on). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv(), input?: string): Promise<Run> {
  return start(CLI, args, env, input).done;
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
export async function limited<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Rejects with a clear message when `promise` takes longer than `ms` (a safety net against hangs, not a threshold). */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let collect: (() => void) | undefined;

/** A full garbage collection, so that memory figures count live objects only. */
export function forceGc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}
