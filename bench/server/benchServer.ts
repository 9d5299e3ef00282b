/**
 * The loopback server every streaming contender reads from. It answers InvokeWithResponseStream requests (whatever
 * the client: SDK, botocore, a plain HTTP POST) by function name:
 * - a registered pre-encoded stream: written slice by slice, waiting for `drain`, like a fast producer;
 * - a drip: headers flushed, then one stamped frame every `intervalMs`, the write time of each recorded;
 * - a late first event: headers flushed, then the first event only after `delayMs` (the SDK's `send()` waits for it).
 * It runs in the runner process, on the other core from the contender being measured.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monotonicMs } from '../contenders/measure';
import { COMPLETE_FRAME, type EncodedStream, encodeEvent } from './frames';

/** A stream whose frames are written on a timer. */
export interface DripSpec {
  readonly kind: 'drip';
  readonly chunks: number;
  readonly intervalMs: number;
}

/** A stream whose first event comes `delayMs` after the headers. */
export interface LateStartSpec {
  readonly kind: 'lateStart';
  readonly delayMs: number;
}

type Route = { readonly kind: 'encoded'; readonly stream: EncodedStream } | DripSpec | LateStartSpec;

const PATH = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations/;
const DRIP_PAYLOAD_BYTES = 32;
const DRIP_FRAME_BYTES = encodeEvent('PayloadChunk', new Uint8Array(DRIP_PAYLOAD_BYTES)).byteLength;

export class BenchServer {
  private readonly routes = new Map<string, Route>();
  private readonly dripWrites = new Map<string, number[]>();
  private server: Server | undefined;
  private port = 0;

  /** `http://127.0.0.1:PORT` once started. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Serves `route` as function `name`. */
  register(name: string, route: EncodedStream | DripSpec | LateStartSpec): void {
    this.routes.set(name, 'body' in route ? { kind: 'encoded', stream: route } : route);
  }

  /** Stops serving `name` (and lets its encoded stream be collected). */
  unregister(name: string): void {
    this.routes.delete(name);
  }

  /** When each frame of the last drip of `name` was handed to the socket (CLOCK_MONOTONIC ms). */
  dripWriteTimes(name: string): readonly number[] {
    return this.dripWrites.get(name) ?? [];
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const name = decodeURIComponent(PATH.exec(req.url ?? '')?.[1] ?? '');
    const route = this.routes.get(name);
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ResourceNotFoundException' });
      res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-RequestId': `bench-${name}`,
      'x-amz-executed-version': '$LATEST',
      'x-bench-frame-bytes': String(route.kind === 'encoded' ? route.stream.frameBytes : DRIP_FRAME_BYTES),
    });
    const served =
      route.kind === 'encoded'
        ? writeAll(res, route.stream.writes)
        : route.kind === 'drip'
          ? this.drip(name, res, route)
          : lateStart(res, route);
    served.catch(() => res.destroy());
  }

  private async drip(name: string, res: ServerResponse, spec: DripSpec): Promise<void> {
    res.flushHeaders();
    const times: number[] = [];
    this.dripWrites.set(name, times);
    const start = monotonicMs();
    for (let index = 0; index < spec.chunks && !res.destroyed; index++) {
      await sleep(start + (index + 1) * spec.intervalMs - monotonicMs());
      const frame = encodeEvent(
        'PayloadChunk',
        Buffer.from(`chunk ${String(index).padStart(6, '0')}`.padEnd(DRIP_PAYLOAD_BYTES - 1) + '\n'),
      );
      times.push(monotonicMs());
      res.write(frame);
    }
    res.end(COMPLETE_FRAME);
  }
}

async function writeAll(res: ServerResponse, writes: readonly Buffer[]): Promise<void> {
  for (const slice of writes) {
    if (res.destroyed) return;
    if (!res.write(slice)) await drained(res);
  }
  res.end();
}

async function lateStart(res: ServerResponse, spec: LateStartSpec): Promise<void> {
  res.flushHeaders();
  await sleep(spec.delayMs);
  res.write(encodeEvent('PayloadChunk', Buffer.from('first chunk\n')));
  res.end(COMPLETE_FRAME);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
