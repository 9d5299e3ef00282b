/**
 * The real Local endpoint as the extension runs it: its own process (dist/emulator/main.js), which in turn starts a
 * handler process per invocation. Started and stopped by the benchmarks that measure it, never left running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot } from './childProcess';
import { stopOnExit } from './cleanup';

/** A running endpoint process. */
export interface EndpointProcess {
  readonly url: string;
  stop(): Promise<void>;
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts `node dist/emulator/main.js --functions <dir>` and resolves with its URL once it listens. */
export function startEndpointProcess(functionsDir: string, timeoutMs = 30_000): Promise<EndpointProcess> {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'dist', 'emulator', 'main.js'), '--functions', functionsDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`the Local endpoint did not listen within ${timeoutMs / 1000} s: ${output.slice(-500)}`));
    }, timeoutMs);
    const onData = (data: Buffer) => {
      output += data.toString('utf8');
      const match = LISTENING.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      const forget = stopOnExit(() => stopChild(child));
      resolve({ url: match[1], stop: () => stopChild(child).finally(forget) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (data: Buffer) => (output += data.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Local endpoint exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

/** SIGTERM (the endpoint closes and kills its handlers), SIGKILL after 3 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
