/**
 * Routes everything the handler prints to the invocation log in Lambda's text format
 * (`<ISO time>\t<request id>\t<LEVEL>\t<message>`), through the same channel as the output so the order holds.
 * Raw `process.stdout/stderr.write` calls are forwarded unchanged, as Lambda does.
 */
import { format } from 'node:util';

type Sink = (text: string) => void;

const LEVELS: Array<[keyof Console, string]> = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
];

/** Replaces the console methods and the stdout/stderr writers of this process. */
export function captureConsole(requestId: string, sink: Sink): void {
  const line = (level: string, args: unknown[]) =>
    `${new Date().toISOString()}\t${requestId}\t${level}\t${format(...args)}\n`;
  for (const [method, level] of LEVELS) {
    const replacement =
      method === 'trace'
        ? (...args: unknown[]) =>
            sink(
              line(level, [`Trace: ${format(...args)}\n${(new Error().stack ?? '').split('\n').slice(2).join('\n')}`]),
            )
        : (...args: unknown[]) => sink(line(level, args));
    Object.assign(console, { [method]: replacement });
  }
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((
      chunk: string | Uint8Array,
      encoding?: BufferEncoding | ((error?: Error | null) => void),
      callback?: (error?: Error | null) => void,
    ) => {
      sink(
        typeof chunk === 'string'
          ? chunk
          : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'),
      );
      const done = typeof encoding === 'function' ? encoding : callback;
      if (done) queueMicrotask(() => done(null));
      return true;
    }) as typeof stream.write;
  }
}
