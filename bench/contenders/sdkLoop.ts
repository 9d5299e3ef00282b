/**
 * What any SDK-based tool gets: `@aws-sdk/client-lambda`'s InvokeWithResponseStream and a `for await` over its
 * `EventStream`, nothing else. One client per process, `maxAttempts: 1` (an invocation must never be retried),
 * static credentials (the bench server ignores signatures, but the SDK still signs every request).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { monotonicMs, type Tally } from './measure';

type LambdaSdk = typeof import('@aws-sdk/client-lambda');

let sdk: LambdaSdk | undefined;
let client: LambdaClient | undefined;

/** Loads the SDK on first use, so that the other contenders (the raw read above all) never carry it. */
async function clientFor(url: string): Promise<{ client: LambdaClient; sdk: LambdaSdk }> {
  sdk ??= await import('@aws-sdk/client-lambda');
  client ??= new sdk.LambdaClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'BENCH', secretAccessKey: 'bench-secret' },
    maxAttempts: 1,
  });
  return { client, sdk };
}

/** Hooks for the latency benchmarks: when `send()` resolved and when each chunk arrived. */
export interface SdkObserver {
  onSent?(atMs: number): void;
  onChunk?(atMs: number): void;
}

/** Invokes and reads the event stream to the end, counting payload bytes. */
export async function sdkLoop(url: string, functionName: string, observer: SdkObserver = {}): Promise<Tally> {
  const tally: Tally = { bytes: 0, chunks: 0 };
  const {
    client: lambda,
    sdk: { InvokeWithResponseStreamCommand },
  } = await clientFor(url);
  const output = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: functionName }));
  observer.onSent?.(monotonicMs());
  if (!output.EventStream) throw new Error('the SDK returned no EventStream');
  for await (const event of output.EventStream) {
    if (event.PayloadChunk?.Payload) {
      tally.bytes += event.PayloadChunk.Payload.byteLength;
      tally.chunks++;
      observer.onChunk?.(monotonicMs());
    }
  }
  return tally;
}
