/**
 * What every operation handler receives: the HTTP exchange, the decoded path labels and query, the request id, the
 * region the caller signed for (ARNs are built in it) and the endpoint's shared state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConcurrencyLimiter } from '../concurrency';
import type { FunctionSource } from '../registry';
import type { ReadBody } from '../responses';
import type { HostLauncher } from '../runner';
import type { SpareHost } from '../spareHost';
import type { SessionKeys } from '../auth';

/** State shared by all requests of one endpoint. */
export interface EndpointState {
  readonly registry: FunctionSource;
  readonly limiter: ConcurrencyLimiter;
  readonly accountId: string;
  /** Receives every invocation's log text as it is written (e.g. `serve --logs`). */
  readonly invocationLog?: (text: string) => void;
  /** Aborted when the endpoint shuts down; running invocations stop. */
  readonly closing: AbortSignal;
  /** Event (asynchronous) invocations queued or running, so `close()` can wait for them. */
  readonly background: Set<Promise<unknown>>;
  /** Receives problems of the endpoint itself (the `onProblem` option). */
  readonly report: (problem: string) => void;
  /** How handler hosts are started (tests replace it to make a start fail); the real launcher when absent. */
  readonly launchHost?: HostLauncher;
  /** The handler host started ahead of the next invocation (absent with a replaced `launchHost`). */
  readonly spareHost?: SpareHost;
  /** Handler processes that may run at once, over all functions; more synchronous invocations get 429. */
  readonly maxProcesses: number;
  /** Event invocations queued or running at once; more get 429. */
  readonly maxQueuedEvents: number;
  /** Give handlers the developer's AWS credentials and AWS_* variables instead of placeholders. */
  readonly passAwsCredentials: boolean;
  /** The secret path segment of this session's function URLs (see functionUrl.ts). */
  readonly urlToken: string;
  /** `http://127.0.0.1:PORT`, known once the server listens (function URLs are reported under it). */
  baseUrl: string;
  /** The keys every request must be signed with; undefined only when started with `auth: false`. */
  readonly sessionKeys?: SessionKeys;
}

/** Region and account that ARNs are built in. */
export interface Scope {
  readonly region: string;
  readonly accountId: string;
}

/** One request, routed to an operation. */
export interface ApiRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  /** Percent-decoded path labels. */
  readonly functionName: string;
  readonly aliasName: string;
  /** Percent-decoded query parameters. */
  readonly query: URLSearchParams;
  readonly scope: Scope;
  readonly endpoint: EndpointState;
  /** The request body, read (and its signature checked) before routing. */
  readonly body: ReadBody;
}

/** An operation. Errors are thrown as `LambdaApiError`. */
export type ApiHandler = (request: ApiRequest) => Promise<void> | void;

/** A query parameter, or undefined when absent (present-but-empty stays ''). */
export function queryParam(request: ApiRequest, name: string): string | undefined {
  return request.query.get(name) ?? undefined;
}

/** A request header as a single string, or undefined. */
export function header(request: ApiRequest, name: string): string | undefined {
  const value = request.req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}
