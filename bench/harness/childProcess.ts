/**
 * Runs one job in a fresh contender process and returns its one-line JSON answer. Node contenders run
 * dist/bench/child.js, botocore runs bench/botocore_contender.py. Every child has a deadline and is killed when it
 * passes it, so a hung contender costs one figure, not the whole benchmark, and no process outlives the run.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Job, JobResult } from '../jobs';
import { stopOnExit } from './cleanup';

/** The repository root (dist/bench/run.js lives two levels below it). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/** Extra environment for the python contender (AWS_DATA_PATH), set once botocore is prepared. */
let pythonEnv: NodeJS.ProcessEnv | undefined;

export function setPythonEnvironment(env: NodeJS.ProcessEnv): void {
  pythonEnv = env;
}

/** Runs `job` in its own process; rejects with the child's stderr when it fails or overruns `timeoutMs`. */
export function runJob<R extends JobResult>(job: Job, timeoutMs = 120_000): Promise<R> {
  const python = 'contender' in job && job.contender === 'botocore';
  const command = python ? 'python3' : process.execPath;
  const script = python
    ? path.join(projectRoot, 'bench', 'botocore_contender.py')
    : path.join(projectRoot, 'dist', 'bench', 'child.js');
  const env = python ? { ...process.env, ...pythonEnv } : { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' };
  return runProcess(command, [script, JSON.stringify(job)], env, timeoutMs).then((stdout) => {
    const line = stdout.trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(line) as R;
    } catch {
      throw new Error(`the ${describe(job)} child printed no result: ${stdout.slice(0, 300)}`);
    }
  });
}

/** Spawns a process, collects stdout, and kills it at the deadline. */
export function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const forget = stopOnExit(() => child.kill('SIGKILL'));
    child.on('error', (error) => {
      clearTimeout(timer);
      forget();
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      forget();
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `${path.basename(args[0] ?? command)} ${signal ? `was killed (${signal}, deadline ${timeoutMs / 1000} s)` : `exited with ${code}`}: ${stderr.trim().slice(-800)}`,
          ),
        );
    });
  });
}

function describe(job: Job): string {
  return 'contender' in job ? `${job.kind}/${job.contender}` : job.kind;
}
