/**
 * Runs one invocation in its own handler-host process and reports what happened: output chunks as they arrive (each
 * acknowledged only after the caller has written it, so a slow client slows the handler), the result or error, and the
 * log. The timeout, a crash, `process.exit`, a client that goes away or a host that cannot even start all end with a
 * `RunOutcome` and the process killed; nothing the handler does can take the emulator down. Hosts still running when
 * the emulator exits are killed with it (and each host watches for an emulator killed outright; see handlerHost.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import type { ErrorBody, HostSetup, InvokeMessage } from './hostProtocol';
import { MAX_CHUNK_BYTES, parseHostMessage } from './hostProtocol';
import type { InvocationLog, ReportFigures } from './invocationLog';
import { bundleHandler } from './bundler';
import { handlerHostPath } from './paths';
import type { FunctionEntry } from './registry';
import type { SpareHost } from './spareHost';

/** Lambda's default timeout, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
/** Lambda's default memory size, in MB. */
export const DEFAULT_MEMORY_MB = 128;
/** The runtime reported in configurations and AWS_EXECUTION_ENV when the manifest names none. */
export const DEFAULT_RUNTIME = 'nodejs20.x';
const WINDOW_BYTES = 2 * MAX_CHUNK_BYTES;

/** Starts one handler host with an IPC channel. Replaceable (`RunRequest.launch`) so tests can make a start fail. */
export type HostLauncher = (options: { cwd: string; env: NodeJS.ProcessEnv }) => ChildProcess;

/** The real launcher: a plain Node child (also under Electron) running dist/emulator/handlerHost.js. */
export const launchHandlerHost: HostLauncher = ({ cwd, env }) =>
  fork(handlerHostPath(), [], {
    execPath: process.execPath,
    execArgv: [],
    cwd,
    env,
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });

/** Everything one run needs. */
export interface RunRequest {
  entry: FunctionEntry;
  version: string;
  invokedFunctionArn: string;
  requestId: string;
  payload: string;
  clientContext?: unknown;
  tenantId?: string;
  region: string;
  log: InvocationLog;
  /** Receives output in order; the next chunk waits for the returned promise. Throw `StopInvocation` to end the run. */
  onChunk(data: Uint8Array): Promise<void> | void;
  /** Any of these aborting stops the run (the client went away, the endpoint closes); listeners are removed at the end. */
  signals?: readonly AbortSignal[];
  /** How to start the host; `launchHandlerHost` when absent. */
  launch?: HostLauncher;
  /** The endpoint's host started ahead of time, used instead of a new one when it fits (see spareHost.ts). */
  spare?: SpareHost;
  /** Hand the developer's AWS credentials and AWS_* variables to the handler (opt-in; placeholders otherwise). */
  passAwsCredentials?: boolean;
}

/** How a run ended. `body` is a buffered handler's JSON result. */
export type RunOutcome = { ok: true; body?: Uint8Array } | { ok: false; error: ErrorBody };

/** Thrown by `onChunk` to end the invocation with this error (e.g. the response grew too large). */
export class StopInvocation extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.errorMessage);
  }
}

/**
 * Runs the handler of `request.entry` once. Never rejects: even a host that cannot start ends as `Runtime.StartError`.
 * A TypeScript entry is bundled first (bundler.ts); that time is not part of the function's timeout, as Lambda's
 * init is not.
 */
export async function runHandler(request: RunRequest): Promise<RunOutcome> {
  const { entry } = request;
  if (!entry.build) return runHost(request, entry.file);
  const built = await bundleHandler(entry.build, codeRootOf(entry));
  if ('file' in built) return runHost(request, built.file);
  const { log } = request;
  log.start(request.version);
  log.append(`${built.error.errorType}: ${built.error.errorMessage}\n${(built.error.trace ?? []).join('\n')}\n`);
  log.finish({
    durationMs: 0,
    memorySizeMb: entry.settings.memorySize ?? DEFAULT_MEMORY_MB,
    status: { kind: 'error', errorType: built.error.errorType },
  });
  return { ok: false, error: built.error };
}

function runHost(request: RunRequest, moduleFile: string): Promise<RunOutcome> {
  const { entry, log, requestId } = request;
  const timeoutSeconds = entry.settings.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  const memorySizeMb = entry.settings.memorySize ?? DEFAULT_MEMORY_MB;
  const signals = request.signals ?? [];
  const startedAt = performance.now();
  log.start(request.version);

  return new Promise<RunOutcome>((resolve) => {
    let child: ChildProcess | undefined;
    let queue = Promise.resolve();
    let settled = false;
    let returnedWithOpenStream = false;
    let maxRssKb: number | undefined;
    const settle = (outcome: RunOutcome, status?: ReportFigures['status']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener('abort', onAbort);
      if (child) {
        killHost(child);
        liveHosts.delete(child);
      }
      const maxMemoryUsedMb = maxRssKb === undefined ? undefined : Math.ceil(maxRssKb / 1024);
      log.finish({ durationMs: performance.now() - startedAt, memorySizeMb, maxMemoryUsedMb, status });
      resolve(outcome);
    };
    const fail = (error: ErrorBody, status: ReportFigures['status'] = { kind: 'error', errorType: error.errorType }) =>
      settle({ ok: false, error }, status);
    const failToStart = (cause: unknown) => {
      if (settled) return;
      const error = startError(cause);
      log.platform(`Error: ${error.errorMessage}`);
      fail(error);
    };
    const enqueue = (step: () => Promise<void> | void) => {
      queue = queue.then(step).catch((error: unknown) => {
        if (settled) return;
        const body =
          error instanceof StopInvocation ? error.body : { errorType: 'Runtime.Unknown', errorMessage: String(error) };
        log.platform(`Error: ${body.errorMessage}`);
        fail(body);
      });
    };

    const timer = setTimeout(() => {
      const message = `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
      if (returnedWithOpenStream)
        log.platform('The handler returned but never ended its response stream (call responseStream.end()).');
      log.platform(message);
      fail(
        { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: ${message}` },
        { kind: 'timeout' },
      );
    }, timeoutSeconds * 1000);
    const onAbort = () => {
      log.platform('Error: the client closed the connection or the endpoint stopped; the invocation was stopped.');
      fail({ errorType: 'Client.Disconnected', errorMessage: 'The client closed the connection.' });
    };
    for (const signal of signals) signal.addEventListener('abort', onAbort);
    if (signals.some((signal) => signal.aborted)) return onAbort();

    const cwd = codeRootOf(entry);
    const env = lambdaEnvironment(request, memorySizeMb);
    const spare = request.spare?.take(cwd, env);
    try {
      child = spare ?? (request.launch ?? launchHandlerHost)({ cwd, env });
    } catch (error) {
      return failToStart(error);
    }
    const setup: HostSetup | undefined = spare ? { cwd, env: definedOnly(env) } : undefined;
    trackHost(child);
    const host = child;
    for (const stream of [host.stdout, host.stderr]) {
      stream?.setEncoding('utf8').on('data', (text: string) => settled || log.append(text));
    }
    host.on('message', (raw: unknown) => {
      const message = parseHostMessage(raw);
      if (!message) {
        enqueue(() => {
          if (settled) return;
          const errorMessage =
            'The handler process sent a message the runtime does not understand; the invocation was stopped.';
          log.platform(`Error: ${errorMessage}`);
          fail({ errorType: 'Runtime.Unknown', errorMessage });
        });
        return;
      }
      if (message.type === 'log') log.append(message.text);
      else if (message.type === 'returned') returnedWithOpenStream = true;
      else if (message.type === 'chunk') {
        const bytes = message.data.byteLength;
        enqueue(async () => {
          if (settled) return;
          await request.onChunk(message.data);
          // The host may already be gone (it exits right after its last message); a lost ack is harmless then.
          if (host.connected) host.send({ type: 'ack', bytes }, () => undefined);
        });
      } else {
        maxRssKb = message.maxRssKb;
        enqueue(() => (message.type === 'result' ? settle({ ok: true, body: message.body }) : fail(message.error)));
      }
    });
    // A failed spawn (EMFILE, EAGAIN, a missing executable…) is reported here, on the next tick.
    host.on('error', (error) => enqueue(() => failToStart(error)));
    host.once('exit', (code, signal) => {
      // Messages sent just before the exit may still be in the channel; let them land first.
      const drained = host.connected ? new Promise((done) => host.once('disconnect', done)) : Promise.resolve();
      void drained.then(() =>
        enqueue(() => {
          if (settled) return;
          const reason =
            code === 0
              ? 'Runtime exited without providing a reason'
              : `Runtime exited with error: ${exitReason(code, signal)}`;
          log.append(`RequestId: ${requestId} Error: ${reason}\nRuntime.ExitError\n`);
          fail({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${reason}` });
        }),
      );
    });
    if (typeof host.send !== 'function' || !host.connected) {
      // No IPC channel: the spawn failed. Its 'error' event (queued on the next tick) carries the cause; this is the fallback.
      setImmediate(() => enqueue(() => failToStart(new Error('the handler process has no IPC channel'))));
      return;
    }
    try {
      host.send(
        { ...invokeMessage(request, moduleFile, timeoutSeconds, memorySizeMb), ...(setup ? { setup } : {}) },
        (error) => error && enqueue(() => failToStart(error)),
      );
    } catch (error) {
      failToStart(error);
    }
  });
}

/**
 * Handler hosts still running, killed when the emulator's process exits (normally, via `process.exit`, or on a crash).
 * One set and one exit hook per process, shared through a global symbol: a process that loads several bundles
 * containing the emulator (the unit tests do) must not add an `exit` listener per copy.
 */
const liveHosts: Set<ChildProcess> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('lambda-stream.emulator.liveHosts')
] ??= new Set<ChildProcess>()) as Set<ChildProcess>;

export function trackHost(child: ChildProcess): void {
  const hooked = Symbol.for('lambda-stream.emulator.exitHook');
  const global = globalThis as Record<symbol, unknown>;
  if (!global[hooked]) {
    global[hooked] = true;
    process.on('exit', () => {
      for (const host of liveHosts) if (host.pid !== undefined) host.kill('SIGKILL');
    });
  }
  liveHosts.add(child);
}

/** Forgets a host that has been killed or has exited. */
export function untrackHost(child: ChildProcess): void {
  liveHosts.delete(child);
}

/** SIGKILLs a host that was spawned; one whose spawn failed has no pid and nothing to kill. */
function killHost(child: ChildProcess): void {
  if (child.pid !== undefined) child.kill('SIGKILL');
}

function startError(cause: unknown): ErrorBody {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return { errorType: 'Runtime.StartError', errorMessage: `The handler process could not be started: ${reason}` };
}

function invokeMessage(
  request: RunRequest,
  moduleFile: string,
  timeoutSeconds: number,
  memorySizeMb: number,
): InvokeMessage {
  const { entry, requestId } = request;
  return {
    type: 'invoke',
    file: moduleFile,
    exportName: entry.exportName ?? 'handler',
    sourceMaps: entry.build !== undefined,
    payload: request.payload,
    windowBytes: WINDOW_BYTES,
    context: {
      awsRequestId: requestId,
      functionName: entry.name,
      functionVersion: request.version,
      invokedFunctionArn: request.invokedFunctionArn,
      memoryLimitInMB: String(memorySizeMb),
      logGroupName: `/aws/lambda/${entry.name}`,
      logStreamName: logStreamName(request.version, requestId),
      deadlineMs: Date.now() + timeoutSeconds * 1000,
      ...(request.clientContext === undefined ? {} : { clientContext: request.clientContext }),
      ...(request.tenantId === undefined ? {} : { tenantId: request.tenantId }),
    },
  };
}

/**
 * Placeholder credentials in the variables Lambda fills from the execution role: code that builds an AWS client still
 * starts, and a call that reaches AWS fails with an invalid-token error instead of acting with the developer's keys.
 */
export const PLACEHOLDER_HANDLER_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'LAMBDASTREAMPLACEHOLDER',
  AWS_SECRET_ACCESS_KEY: 'lambda-stream-local-placeholder-secret',
  AWS_SESSION_TOKEN: 'lambda-stream-local-placeholder-session-token',
};

/** What a handler inherits from the developer's environment: what a Node process needs to run, and proxies. */
const INHERITED =
  /^(PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z]+|TZDIR|TMPDIR|TMP|TEMP|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|SystemRoot|SYSTEMROOT|windir|COMSPEC|PATHEXT|APPDATA|LOCALAPPDATA|USERPROFILE|XDG_RUNTIME_DIR)$/;

/**
 * The handler's environment, as Lambda builds one: Lambda's variables and placeholder credentials over what a Node
 * process needs from the developer's environment (nothing else of it: no AWS keys, no tokens of other tools), under
 * the function's own `environment`. With `passAwsCredentials` the developer's AWS_* variables (keys, profile,
 * region) pass through instead of the placeholders, for handlers that must reach real AWS services.
 */
function lambdaEnvironment(request: RunRequest, memorySizeMb: number): NodeJS.ProcessEnv {
  const { entry } = request;
  const runtime = entry.settings.runtime ?? DEFAULT_RUNTIME;
  return {
    ...spareEnvironment(request.passAwsCredentials === true),
    AWS_LAMBDA_FUNCTION_NAME: entry.name,
    AWS_LAMBDA_FUNCTION_VERSION: request.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${entry.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(request.version, request.requestId),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: request.region,
    AWS_DEFAULT_REGION: request.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    LAMBDA_TASK_ROOT: codeRootOf(entry),
    LAMBDA_RUNTIME_DIR: path.dirname(handlerHostPath()),
    _HANDLER: entry.handler ?? `${entry.name}.handler`,
    ...modulePath(entry),
    ...entry.settings.environment,
  };
}

/**
 * What every handler's environment starts from, whatever the function: the inherited variables, the credentials and
 * the runtime's fixed ones. A spare host (spareHost.ts) starts with this, and takes on the rest when it is taken.
 */
export function spareEnvironment(passAwsCredentials: boolean): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => INHERITED.test(name) || (passAwsCredentials && name.startsWith('AWS_')),
    ),
  );
  return {
    ...inherited,
    ...(passAwsCredentials ? {} : PLACEHOLDER_HANDLER_CREDENTIALS),
    ELECTRON_RUN_AS_NODE: '1',
    TZ: 'UTC',
  };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((pair): pair is [string, string] => pair[1] !== undefined));
}

/** The code folder: the working directory and LAMBDA_TASK_ROOT. */
function codeRootOf(entry: FunctionEntry): string {
  return entry.codeRoot ?? path.dirname(entry.file);
}

/**
 * NODE_PATH as Lambda sets it for layers (`/opt/nodejs/node20/node_modules`, `/opt/nodejs/node_modules`), with each
 * local layer folder in place of `/opt`; a bundle (which runs from the build folder) also gets the code's own
 * node_modules folders, for the packages it leaves external.
 */
function modulePath(entry: FunctionEntry): { NODE_PATH?: string } {
  const folders: string[] = [];
  const major = process.versions.node.split('.')[0];
  for (const layer of entry.layers ?? []) {
    folders.push(
      path.join(layer, 'nodejs', `node${major}`, 'node_modules'),
      path.join(layer, 'nodejs', 'node_modules'),
    );
  }
  if (entry.build) {
    for (let dir = codeRootOf(entry); ; dir = path.dirname(dir)) {
      folders.push(path.join(dir, 'node_modules'));
      if (path.dirname(dir) === dir) break;
    }
  }
  if (folders.length === 0) return {};
  const existing = process.env.NODE_PATH ? [process.env.NODE_PATH] : [];
  return { NODE_PATH: [...folders, ...existing].join(path.delimiter) };
}

function logStreamName(version: string, requestId: string): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${requestId.replace(/-/g, '')}`;
}

/** Go-style exit text, as Lambda's runtime manager prints it: `exit status 1`, `signal: killed`. */
function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (code !== null) return `exit status ${code}`;
  const names: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: 'killed',
    SIGSEGV: 'segmentation fault',
    SIGABRT: 'aborted',
    SIGTERM: 'terminated',
  };
  return `signal: ${(signal && names[signal]) ?? signal ?? 'unknown'}`;
}
