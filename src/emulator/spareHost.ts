/**
 * One handler host started ahead of the next invocation, so that an invocation does not wait for a Node process to
 * start (some 100 ms, the larger part of a small function's first byte). Isolation is unchanged: the spare has never
 * run anything, serves exactly one invocation and is killed when that ends, as every host is; a new spare is started
 * as soon as the taken one has answered. At its invocation the spare takes on the function's working directory and environment
 * before any of the function's code loads (hostProtocol.ts `setup`, handlerHost.ts). What can only be given to a
 * process when it starts cannot be taken on later, so an invocation whose environment differs from the spare's in a
 * variable read at process start (NODE_OPTIONS, NODE_PATH, UV_THREADPOOL_SIZE, the locale…) gets a host started for
 * it instead, as before.
 */
import type { ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { handlerHostPath } from './paths';
import { type HostLauncher, launchHandlerHost, trackHost, untrackHost } from './runner';

/**
 * Variables that Node, V8, libuv, OpenSSL, ICU or the C library read when a process starts (or that change how the
 * runtime itself starts), so that assigning them in a running process is not the same as starting with them. Case
 * does not matter (Windows). Everything else — the function's own settings, AWS_*, LAMBDA_*, PATH, HOME, TZ (Node
 * resets its time zone when TZ is assigned) — is read when used, and a spare takes it on before user code runs.
 */
const READ_AT_START =
  /^(NODE_.*|UV_.*|OPENSSL_.*|SSL_CERT_.*|LD_.*|DYLD_.*|MALLOC_.*|GLIBC_.*|ELECTRON_.*|V8_.*|ICU_.*|LANG|LANGUAGE|LC_.*)$/i;

/** The longest a taken spare waits for its replacement to be started. */
const REPLACE_AFTER_MS = 250;

/** True when a host started with `started` behaves as one started with `wanted` once `wanted` is assigned. */
export function sameAtStart(started: NodeJS.ProcessEnv, wanted: NodeJS.ProcessEnv): boolean {
  for (const name of new Set([...Object.keys(started), ...Object.keys(wanted)])) {
    if (READ_AT_START.test(name) && started[name] !== wanted[name]) return false;
  }
  return true;
}

/** The endpoint's spare handler host. */
export class SpareHost {
  private spare: { child: ChildProcess; env: NodeJS.ProcessEnv } | undefined;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param environment the environment a spare starts with: what every invocation's environment shares (see
   *   runner.ts `spareEnvironment`), read again for each new spare.
   */
  constructor(
    private readonly environment: () => NodeJS.ProcessEnv,
    private readonly launch: HostLauncher = launchHandlerHost,
  ) {}

  /** Starts a spare unless there is one (or the endpoint has closed). A spawn that fails leaves none. */
  prepare(): void {
    if (this.closed || this.spare) return;
    const env = this.environment();
    let child: ChildProcess;
    try {
      // A folder that exists as long as the emulator does; the invocation's own one is set when it is taken.
      child = this.launch({ cwd: path.dirname(handlerHostPath()), env });
    } catch {
      return;
    }
    trackHost(child);
    const spare = { child, env };
    const discard = () => {
      untrackHost(child);
      if (child.pid !== undefined) child.kill('SIGKILL');
      if (this.spare === spare) this.spare = undefined;
    };
    // A spare that fails or dies before it is taken is dropped; the next invocation starts its own host.
    child.on('error', () => this.spare === spare && discard());
    child.once('exit', () => this.spare === spare && discard());
    this.spare = spare;
  }

  /**
   * The spare, for an invocation that wants `env` in `cwd`, or undefined when there is none alive, when `env` differs
   * from the spare's in a variable read at process start, or when `cwd` is not a folder (a host started there
   * would fail to start, and says so). Taking it starts the next spare.
   */
  take(cwd: string, env: NodeJS.ProcessEnv): ChildProcess | undefined {
    const spare = this.spare;
    if (!spare) {
      // Taken by a burst of invocations (each starts its own host meanwhile), or it died: one more, a little later.
      this.prepareSoon();
      return undefined;
    }
    const { child } = spare;
    const alive = child.exitCode === null && child.signalCode === null && child.connected;
    if (!alive || !sameAtStart(spare.env, env) || !isFolder(cwd)) return undefined;
    this.spare = undefined;
    // The next spare starts once this one has answered (or after REPLACE_AFTER_MS): starting a process costs some
    // 100 ms of CPU, which would otherwise compete with this invocation's first chunk on a small machine. And not
    // inside that answer's own event: this listener runs before the runner's, and a spawn blocks the event loop for
    // several milliseconds, which the first chunk would wait for before it is written to the client.
    const replace = () => {
      child.off('message', replace);
      child.off('exit', replace);
      setImmediate(() => this.prepare());
    };
    child.once('message', replace);
    child.once('exit', replace);
    this.prepareSoon();
    return child;
  }

  /** Starts a spare after REPLACE_AFTER_MS unless one is started before. */
  private prepareSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.prepare();
    }, REPLACE_AFTER_MS);
    this.timer.unref();
  }

  /** Kills the spare and starts no other. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const spare = this.spare;
    this.spare = undefined;
    if (spare) {
      untrackHost(spare.child);
      if (spare.child.pid !== undefined) spare.child.kill('SIGKILL');
    }
  }

  /** The spare's process id, if one is running (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.spare?.child.pid;
  }
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
