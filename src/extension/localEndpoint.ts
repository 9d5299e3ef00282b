/**
 * The "Local" connection's endpoint as seen from the extension: the emulator's process entry
 * (dist/emulator/main.js) run as a child process, so that nothing a handler does can reach the extension host.
 * It reports its address over IPC; when it dies unexpectedly the state says so and the user can restart it.
 * Outside Windows it leads its own process group, which its handler processes share, so that a forced stop
 * (SIGKILL) ends the handlers together with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from './config';

/**
 * What the Local endpoint serves besides the bundled samples: a functions folder (one handler file per function), or a
 * SAM / CDK / Serverless project (a folder or project file). A bare string is a functions folder.
 */
export type LocalSource = { readonly kind: 'functions' | 'project'; readonly path: string };

export type LocalEndpointState =
  | { readonly status: 'stopped' }
  | { readonly status: 'starting' }
  | {
      readonly status: 'running';
      readonly url: string;
      /** The folder or project path served; undefined for the samples. */
      readonly functionsDir: string | undefined;
      readonly source: LocalSource | undefined;
      /** The keys every request to it must be signed with (made by the endpoint for this session). */
      readonly sessionKeys: SessionKeys | undefined;
    }
  | { readonly status: 'failed'; readonly reason: string; readonly unexpected?: boolean; readonly generation?: number };

/** An unexpected end of a running endpoint: when, and why in words (`its process exited (SIGKILL)`). */
export interface EndpointExit {
  /** Which start of the endpoint died (see {@link LocalEndpoint.generation}). */
  readonly generation: number;
  readonly reason: string;
}

const START_TIMEOUT_MS = 20_000;

export class LocalEndpoint implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private starting: Promise<string> | undefined;
  private current: LocalEndpointState = { status: 'stopped' };
  /** Unexpected exits by generation (the last few). */
  private readonly exits = new Map<number, EndpointExit>();
  private spawned = 0;
  private readonly changed = new vscode.EventEmitter<LocalEndpointState>();
  /** Fires whenever the endpoint starts, stops or fails. */
  readonly onDidChangeState = this.changed.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get state(): LocalEndpointState {
    return this.current;
  }

  /**
   * Returns the endpoint's URL, starting it first if needed (restarting it when it serves something else).
   * `source` undefined serves the bundled samples; a string is a functions folder. Concurrent callers share one start.
   */
  async ensureStarted(wanted: LocalSource | string | undefined): Promise<string> {
    const source = typeof wanted === 'string' ? ({ kind: 'functions', path: wanted } as const) : wanted;
    if (this.current.status === 'running' && sameSource(this.current.source, source)) return this.current.url;
    if (this.starting) return this.starting;
    // The start is claimed before the old process is stopped, so a second caller meanwhile joins it instead of
    // starting a process of its own (two restarts at once would otherwise leave one endpoint running unowned).
    const running = this.current.status === 'running';
    this.starting = (async () => {
      if (running) await this.stop();
      return this.spawn(source);
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Stops the endpoint; invocations in flight end with a connection error that says so. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    this.setState({ status: 'stopped' });
  }

  /** Counts the endpoint's starts: the process serving now belongs to this generation. */
  get generation(): number {
    return this.spawned;
  }

  /**
   * Whether the process of `generation` died unexpectedly, waiting up to `waitMs` for the news while it is still the
   * current one: an invocation's connection breaks a moment before the process's exit is reported, so a broken Local
   * stream asks here before it says what happened. Undefined when that process is fine, or was stopped on purpose.
   */
  async exitOf(generation: number, waitMs: number): Promise<EndpointExit | undefined> {
    const seen = () => this.exits.get(generation);
    if (seen() || !this.child || this.spawned !== generation) return seen();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      const listener = this.changed.event((state) => state.status !== 'running' && done());
      function done() {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      }
    });
    return seen();
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
  }

  /** The session keys of the running endpoint (requests must be signed with them), if it is running. */
  get sessionKeys(): SessionKeys | undefined {
    return this.current.status === 'running' ? this.current.sessionKeys : undefined;
  }

  /** Whether the running endpoint serves `source` (undefined: the samples). */
  serves(source: LocalSource | undefined): boolean {
    return this.current.status === 'running' && sameSource(this.current.source, source);
  }

  private spawn(source: LocalSource | undefined): Promise<string> {
    this.setState({ status: 'starting' });
    const entry = path.join(this.extensionPath, 'dist', 'emulator', 'main.js');
    const functionsDir = source?.path;
    const flag = source?.kind === 'project' ? '--project' : '--functions';
    const args = [
      '--port',
      '0',
      ...(source ? [flag, source.path] : []),
      ...(config.localPassAwsCredentials() ? ['--pass-aws-credentials'] : []),
    ];
    const child = fork(entry, args, {
      // In desktop VS Code the extension host is Electron; this makes the child a plain Node process.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group (see killGroup); on Windows `detached` would open a console window instead.
      detached: GROUPS,
    });
    this.child = child;
    const generation = ++this.spawned;
    child.stdout
      ?.setEncoding('utf8')
      .on('data', (text: string) => this.log.trace(`[local endpoint] ${text.trimEnd()}`));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => this.log.warn(`[local endpoint] ${text.trimEnd()}`));

    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(`it did not report its address within ${START_TIMEOUT_MS / 1000} s`),
        START_TIMEOUT_MS,
      );
      const fail = (reason: string) => {
        clearTimeout(timer);
        killGroup(child, 'SIGKILL');
        this.setState({ status: 'failed', reason });
        reject(new Error(`The local endpoint could not start: ${reason}`));
      };
      child.on('message', (message: unknown) => {
        if (isListening(message)) {
          clearTimeout(timer);
          this.log.info(
            `Local endpoint listening on ${message.url}${functionsDir ? ` serving ${source?.kind === 'project' ? 'the project ' : ''}${functionsDir}` : ' serving the sample functions'}.`,
          );
          this.setState({
            status: 'running',
            url: message.url,
            functionsDir,
            source,
            sessionKeys: message.sessionKeys,
          });
          resolve(message.url);
        }
      });
      child.once('error', (error) => fail(error.message));
      child.once('exit', (code, signal) => {
        if (this.child !== child) return;
        this.child = undefined;
        const reason = `its process exited (${signal ?? `code ${code}`})`;
        if (this.current.status === 'starting') fail(reason);
        else {
          this.log.error(`The local endpoint stopped unexpectedly: ${reason}.`);
          this.exits.set(generation, { generation, reason });
          for (const old of this.exits.keys()) if (old < generation - 8) this.exits.delete(old);
          this.setState({ status: 'failed', reason, unexpected: true, generation });
        }
      });
    });
  }

  private setState(state: LocalEndpointState): void {
    this.current = state;
    this.changed.fire(state);
  }
}

function sameSource(a: LocalSource | undefined, b: LocalSource | undefined): boolean {
  return a?.kind === b?.kind && a?.path === b?.path;
}

/** Process groups exist (and `detached` makes one) everywhere but on Windows. */
const GROUPS = process.platform !== 'win32';

/**
 * Sends `signal` to the emulator's whole process group (the emulator and the handler processes it started), or to
 * the emulator alone where there are no groups or the group is already gone.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (GROUPS && child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
      return;
    } catch {
      // the group is gone (or was never made): fall back to the child itself
    }
  }
  child.kill(signal);
}

/** The keys requests to the endpoint are signed with. */
export interface SessionKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

function isListening(message: unknown): message is { type: 'listening'; url: string; sessionKeys?: SessionKeys } {
  if (typeof message !== 'object' || message === null) return false;
  const { type, url, sessionKeys } = message as { type?: unknown; url?: unknown; sessionKeys?: unknown };
  const keys = sessionKeys as Partial<SessionKeys> | undefined;
  return (
    type === 'listening' &&
    typeof url === 'string' &&
    (keys === undefined || (typeof keys.accessKeyId === 'string' && typeof keys.secretAccessKey === 'string'))
  );
}
