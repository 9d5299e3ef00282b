/**
 * Shared fixtures for the emulator tests: a temporary functions folder written from strings, a Local endpoint
 * serving it, and a real `@aws-sdk/client-lambda` client pointed at it (one attempt, placeholder credentials).
 */
import { type InvokeWithResponseStreamCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readLocalKeys } from '../../../src/core/aws/localKeys';
import { signedHeaders } from '../../../src/core/aws/sigv4';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';

// The SDK warns on every Node below 22 on stderr; the project supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A running endpoint over a temporary folder, with a client and the problems it reported. */
export interface Fixture {
  dir: string;
  endpoint: LocalEndpoint;
  client: LambdaClient;
  problems: string[];
  /** Writes (or rewrites) a file in the functions folder. */
  write(name: string, text: string): void;
  close(): Promise<void>;
}

/** Starts an endpoint over a new folder holding `files` (name → source text). */
export async function startFixture(files: Record<string, string>): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lambda-stream-emulator-'));
  const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
  for (const [name, text] of Object.entries(files)) write(name, text);
  const problems: string[] = [];
  const endpoint = await startLocalEndpoint({
    functionsDir: dir,
    onProblem: (problem) => problems.push(problem),
    publishKeys: true,
  });
  const client = makeClient(endpoint.url);
  return {
    dir,
    endpoint,
    client,
    problems,
    write,
    async close() {
      client.destroy();
      await endpoint.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The unmodified SDK client, pointed at the endpoint and signed with its session keys (given, or those it published
 * for its port, as the CLI finds them).
 */
export function makeClient(
  url: string,
  region = 'us-east-1',
  keys: { accessKeyId: string; secretAccessKey: string } | undefined = readLocalKeys(url),
): LambdaClient {
  return new LambdaClient({
    endpoint: url,
    region,
    maxAttempts: 1,
    credentials: keys
      ? { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }
      : { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
  });
}

/** Everything an InvokeWithResponseStream produced. */
export interface StreamResult {
  chunks: Buffer[];
  text: string;
  complete?: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string };
  events: string[];
}

/** Reads the whole event stream, calling `onChunk` for each PayloadChunk as it arrives. */
export async function readStream(
  output: InvokeWithResponseStreamCommandOutput,
  onChunk?: (chunk: Buffer) => Promise<void> | void,
): Promise<StreamResult> {
  const result: StreamResult = { chunks: [], text: '', events: [] };
  for await (const event of output.EventStream ?? []) {
    if (event.PayloadChunk) {
      const chunk = Buffer.from(event.PayloadChunk.Payload ?? new Uint8Array());
      result.chunks.push(chunk);
      result.events.push('PayloadChunk');
      await onChunk?.(chunk);
    } else if (event.InvokeComplete) {
      result.complete = event.InvokeComplete;
      result.events.push('InvokeComplete');
    }
  }
  result.text = Buffer.concat(result.chunks).toString('utf8');
  return result;
}

/** Decodes a base64 LogResult. */
export function decodeLog(logResult: string | undefined): string {
  return Buffer.from(logResult ?? '', 'base64').toString('utf8');
}

/** JSON payload bytes for the SDK. */
export function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

/** A manifest file body. */
export function manifest(functions: Record<string, unknown>): string {
  return JSON.stringify({ functions }, null, 2);
}

/** True while a process with this id exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Rejects with a clear message when `promise` takes longer than `ms`, so a hang fails instead of stalling. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A plain HTTP exchange, for what the SDK cannot send (foreign Host, hand-encoded paths). */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends one request with node:http and reads the whole answer. It is signed with the session keys the endpoint at
 * `url` published (as the SDK would sign it) unless `unsigned` is set or there are none.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; unsigned?: boolean },
): Promise<RawResponse> {
  const { hostname, port, host } = new URL(url);
  const method = options.method ?? 'GET';
  const keys = options.unsigned ? undefined : readLocalKeys(url);
  const headers = keys
    ? signedHeaders({ method, host, path: options.path, headers: options.headers ?? {}, body: options.body }, keys, {
        region: 'us-east-1',
        service: 'lambda',
      })
    : options.headers;
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path: options.path, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
