/**
 * Ends this handler host when the emulator that started it is gone, even while the handler blocks the main thread.
 * The host normally exits on the IPC channel's 'disconnect', but a busy loop (`for (;;) {}`) never lets that listener
 * run, and an emulator killed outright (SIGKILL, a crash) cannot kill its handlers: they would be orphans spinning
 * forever. A worker thread has its own event loop, so it keeps polling however busy the handler is; when the parent
 * has changed (orphans are re-parented) or no longer exists, it SIGKILLs this process.
 */
import { Worker } from 'node:worker_threads';

/** How often the watchdog looks for the parent. */
const POLL_MS = 250;

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { parentPid, pid, pollMs } = workerData;
const parentGone = () => {
  if (process.ppid !== parentPid) return true;
  try {
    process.kill(parentPid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
};
setInterval(() => {
  if (parentGone()) process.kill(pid, 'SIGKILL');
}, pollMs);
`;

/** Starts the watchdog; it never keeps the host alive and never fails it. */
export function watchParent(): void {
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { parentPid: process.ppid, pid: process.pid, pollMs: POLL_MS },
    stdout: true,
    stderr: true,
  });
  worker.on('error', () => undefined);
  worker.unref();
}
