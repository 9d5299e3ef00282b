/**
 * The Local endpoint: a Lambda-compatible HTTP server on 127.0.0.1 that the unmodified `@aws-sdk/client-lambda` talks
 * to through its `endpoint` option. It serves the handler files of a folder (the bundled samples by default). Used
 * in-process by tests and the `serve` command, and as a child process (main.ts) by the extension.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { crossSiteRequest, foreignHost, LambdaApiError, serviceException, unknownOperation } from './apiError';
import type { EndpointState } from './api/apiRequest';
import { ConcurrencyLimiter } from './concurrency';
import { MAX_QUEUED_EVENTS } from './api/execute';
import { samplesDir } from './paths';
import type { ProjectOptions } from '../core/project/types';
import { ProjectRegistry } from './projectRegistry';
import { FunctionRegistry, type FunctionSource } from './registry';
import { type HostLauncher, spareEnvironment } from './runner';
import { SpareHost } from './spareHost';
import { MAX_SYNC_PAYLOAD_BYTES } from '../core/rules/names';
import { newSessionKeys, removeLocalKeys, writeLocalKeys } from '../core/aws/localKeys';
import { checkSignature, type SessionKeys } from './auth';
import { FUNCTION_URL_PREFIX, handleFunctionUrl, localFunctionUrl } from './functionUrl';
import { readBody, sendError } from './responses';
import { matchRoute } from './router';

/** How to start the endpoint. Everything is optional. */
export interface LocalEndpointOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Folder of handler files; the bundled samples when absent (and no `project`). */
  functionsDir?: string;
  /** A SAM, CDK or Serverless project (folder or file) to serve instead of a folder; see core/project. */
  project?: string;
  /** `--parameter-overrides`, `--env-vars`, stage, for `project`. */
  projectOptions?: ProjectOptions;
  /** Account id in ARNs (default 123456789012). */
  accountId?: string;
  /** Receives every invocation's log text (START … REPORT) as it is written. */
  onInvocationLog?: (text: string) => void;
  /** Receives problems with the folder or manifest (default: printed to stderr). */
  onProblem?: (problem: string) => void;
  /** Starts handler hosts instead of the real launcher; for tests that need a host that cannot start. */
  launchHost?: HostLauncher;
  /**
   * The keys requests must be signed with: fresh random ones by default, given ones (tests), or `false` for no
   * check at all (`serve --no-auth`, for tools that cannot sign).
   */
  sessionKeys?: SessionKeys | false;
  /** Write the session keys where the same user's CLI finds them (see core/aws/localKeys.ts); `serve` does. */
  publishKeys?: boolean;
  /** Handler processes at once over all functions (default: twice the CPU cores); more get 429. */
  maxConcurrency?: number;
  /** Pass the developer's AWS credentials (and AWS_* variables) to handlers; by default they get placeholders. */
  passAwsCredentials?: boolean;
  /** Event invocations queued or running at once (default 1,000); more get 429. */
  maxQueuedEvents?: number;
  /**
   * Keep one handler host started ahead of the next invocation, so that it need not wait for a process to start
   * (default true; never with `launchHost`). See spareHost.ts.
   */
  spareHost?: boolean;
}

/**
 * Handler processes at once when not told: four per CPU core, and at least 32 (a handler process takes some 50 MB;
 * Lambda's own default account limit is 1,000, so a local test of concurrency should not hit this first).
 */
export function defaultMaxConcurrency(): number {
  return Math.max(32, 4 * availableParallelism());
}

/** Open connections at once; more are refused by the server (a runaway client cannot exhaust file descriptors). */
const MAX_CONNECTIONS = 512;
/** A client has this long to send its request headers, and the whole request. */
const HEADERS_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** A running endpoint. */
export interface LocalEndpoint {
  /** `http://127.0.0.1:PORT`, the value for the SDK's `endpoint` option. */
  readonly url: string;
  readonly port: number;
  /** The address the server listens on: always 127.0.0.1, never all interfaces. */
  readonly address: AddressInfo;
  /** The folder or project path served. */
  readonly functionsDir: string;
  /** The functions, as the endpoint sees them now. */
  readonly functions: FunctionSource;
  /** The keys requests must be signed with (undefined with `sessionKeys: false`). */
  readonly sessionKeys: SessionKeys | undefined;
  /** Where the keys were written for the CLI, when `publishKeys` was set. */
  readonly keysFile: string | undefined;
  /** The function URL of `name` on this endpoint (whether the function has one is the endpoint's to say). */
  functionUrl(name: string): string;
  /** The process id of the handler host started ahead of the next invocation, while there is one (spareHost.ts). */
  readonly spareHostPid: number | undefined;
  /** Stops listening, kills running handlers and closes open connections. */
  close(): Promise<void>;
}

/** The account id ARNs use unless told otherwise. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Starts the endpoint and resolves once it listens. */
export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  const functionsDir = path.resolve(options.project ?? options.functionsDir ?? samplesDir());
  const report = options.onProblem ?? ((problem: string) => process.stderr.write(`lambda-stream: ${problem}\n`));
  const closing = new AbortController();
  // Every running or queued invocation listens here until it ends (see runner.ts); past 10 at once Node would print
  // a false "possible memory leak" warning into the endpoint's log.
  setMaxListeners(0, closing.signal);
  const sessionKeys = options.sessionKeys === false ? undefined : (options.sessionKeys ?? newSessionKeys());
  const passAwsCredentials = options.passAwsCredentials ?? false;
  const spareHost =
    options.spareHost !== false && !options.launchHost
      ? new SpareHost(() => spareEnvironment(passAwsCredentials))
      : undefined;
  const state: EndpointState = {
    sessionKeys,
    urlToken: randomBytes(16).toString('hex'),
    baseUrl: '',
    maxProcesses: options.maxConcurrency ?? defaultMaxConcurrency(),
    passAwsCredentials,
    maxQueuedEvents: options.maxQueuedEvents ?? MAX_QUEUED_EVENTS,
    registry: options.project
      ? new ProjectRegistry(functionsDir, { region: DEFAULT_REGION, ...options.projectOptions }, report)
      : new FunctionRegistry(functionsDir, report),
    limiter: new ConcurrencyLimiter(),
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    invocationLog: options.onInvocationLog,
    closing: closing.signal,
    background: new Set(),
    report,
    launchHost: options.launchHost,
    spareHost,
  };
  const server = createServer((req, res) => void handle(req, res, state));
  server.keepAliveTimeout = 60_000;
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    spareHost?.close();
    throw error;
  }
  // Started once the endpoint listens, so the first invocation finds it (or finds it starting, which still saves the
  // time it has had).
  spareHost?.prepare();
  const address = server.address() as AddressInfo;
  const port = address.port;
  const url = `http://127.0.0.1:${port}`;
  state.baseUrl = url;
  let keysFile: string | undefined;
  if (options.publishKeys && sessionKeys) {
    try {
      keysFile = writeLocalKeys(port, { ...sessionKeys, url, pid: process.pid, urlToken: state.urlToken });
    } catch (error) {
      server.close();
      spareHost?.close();
      throw new Error(`cannot store the session keys privately: ${(error as Error).message}`, { cause: error });
    }
  }
  return {
    sessionKeys,
    keysFile,
    functionUrl: (name) => localFunctionUrl(url, state.urlToken, name),
    get spareHostPid() {
      return spareHost?.pid;
    },
    url,
    port,
    address,
    functionsDir,
    functions: state.registry,
    async close() {
      if (keysFile && sessionKeys) removeLocalKeys(port, sessionKeys.accessKeyId);
      spareHost?.close();
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.allSettled(state.background);
      await closed;
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, state: EndpointState): Promise<void> {
  const requestId = randomUUID();
  res.setHeader('x-amzn-RequestId', requestId);
  try {
    const host = req.headers.host;
    if (host !== undefined && !LOOPBACK_HOSTS.has(host.replace(/:\d+$/, ''))) throw foreignHost(host);
    const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?', 2);
    // A function URL may be called from a page (its session token keeps it to its owner); the API may not.
    const functionUrl = rawPath.startsWith(FUNCTION_URL_PREFIX);
    if (!functionUrl && fromWebPage(req)) throw crossSiteRequest();
    const body = await readBody(req, MAX_SYNC_PAYLOAD_BYTES);
    if (functionUrl) {
      const scope = { region: signedRegion(req) ?? DEFAULT_REGION, accountId: state.accountId };
      return await handleFunctionUrl(req, res, state, rawPath, rawQuery, body, scope);
    }
    if (state.sessionKeys) checkSignature(req, rawPath, rawQuery, body.sha256, state.sessionKeys);
    const match = matchRoute(req.method ?? 'GET', rawPath);
    if (!match) throw unknownOperation(req.method ?? 'GET', rawPath);
    const scope = { region: signedRegion(req) ?? DEFAULT_REGION, accountId: state.accountId };
    const query = new URLSearchParams(rawQuery);
    await match.handler({
      body,
      req,
      res,
      requestId,
      query,
      scope,
      endpoint: state,
      functionName: match.functionName,
      aliasName: match.aliasName,
    });
  } catch (error) {
    const apiError =
      error instanceof LambdaApiError
        ? error
        : serviceException(`The local endpoint failed: ${(error as Error).message}`);
    if (res.headersSent) res.destroy();
    else sendError(res, apiError);
    req.resume();
  }
}

/**
 * True for a request a browser sent on behalf of a web page: it carries `Origin` (every cross-origin POST does, even
 * `fetch(…, {mode: 'no-cors'})`, which passes the Host check) or `Sec-Fetch-Site: cross-site` / `same-site`. The SDK
 * (the CLI, the extension host, scripts) sends neither, so only pages are refused: they could otherwise run the
 * developer's handlers, with the developer's environment, from any site open in a browser.
 */
function fromWebPage(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return req.headers.origin !== undefined || site === 'cross-site' || site === 'same-site';
}

/** The region in the SigV4 credential scope, so ARNs match the region the client believes it calls. */
function signedRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
}
