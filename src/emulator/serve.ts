/**
 * `lambda-stream serve [--port N] [--functions DIR] [--logs]`: runs the Local endpoint until SIGINT/SIGTERM (or, when
 * started with an IPC channel, until the parent disconnects). Prints exactly one line on stdout when listening and,
 * over IPC, sends `{type: 'listening', url}`. `--logs` also prints every invocation's log to stdout.
 */
import { startLocalEndpoint } from './server';

/** The line printed once the endpoint listens; the extension and scripts parse the URL from it. */
export const LISTENING_PREFIX = 'lambda-stream local endpoint listening on ';

const USAGE = `Usage: lambda-stream serve [--port N] [--functions DIR] [--logs]
  --port N         port on 127.0.0.1 (default 0: any free port)
  --functions DIR  folder of handler files, one function per .mjs/.cjs/.js file (default: the bundled samples)
  --logs           print each invocation's log (START … REPORT) to stdout
`;

interface ServeArguments {
  port: number;
  functionsDir?: string;
  logs: boolean;
}

/** Runs the serve command; resolves with the exit code once stopped. */
export async function runServe(argv: string[]): Promise<number> {
  let args: ServeArguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    process.stderr.write(`lambda-stream serve: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const stdout = new StdoutPrinter(process.stdout);
  let endpoint;
  try {
    endpoint = await startLocalEndpoint({
      port: args.port,
      functionsDir: args.functionsDir,
      onInvocationLog: args.logs ? (text) => stdout.print(text) : undefined,
    });
  } catch (error) {
    process.stderr.write(`lambda-stream serve: cannot listen on 127.0.0.1:${args.port}: ${(error as Error).message}\n`);
    return 1;
  }
  stdout.print(`${LISTENING_PREFIX}${endpoint.url}\n`);
  process.send?.({ type: 'listening', url: endpoint.url });

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (process.send) process.once('disconnect', resolve);
  });
  // A second signal while closing ends at once; the exit still kills the running handlers (see runner.ts).
  const exitNow = () => process.exit(1);
  process.once('SIGINT', exitNow);
  process.once('SIGTERM', exitNow);
  await endpoint.close();
  process.off('SIGINT', exitNow);
  process.off('SIGTERM', exitNow);
  return 0;
}

/**
 * Prints the listening line and the invocation logs (`--logs`) to stdout while someone reads it. A reader that goes
 * away (`serve --logs | head`, EPIPE) only stops the printing: the endpoint keeps serving, and stderr says so once.
 */
class StdoutPrinter {
  private stopped = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => this.stop(error));
  }

  print(text: string): void {
    if (this.stopped) return;
    try {
      this.stream.write(text);
    } catch (error) {
      this.stop(error as NodeJS.ErrnoException);
    }
  }

  private stop(error: NodeJS.ErrnoException): void {
    if (this.stopped) return;
    this.stopped = true;
    const cause = error.code === 'EPIPE' ? 'was closed by its reader' : `failed (${error.message})`;
    process.stderr.write(`lambda-stream serve: stdout ${cause}; the endpoint keeps serving without printing there.\n`);
  }
}

function parseArguments(argv: string[]): ServeArguments {
  const args: ServeArguments = { port: 0, logs: false };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    const value = () => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--port') {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535)
        throw new Error(`--port must be a number from 0 to 65535, not '${text}'`);
      args.port = port;
    } else if (flag === '--functions') args.functionsDir = value();
    else if (flag === '--logs') args.logs = true;
    else if (flag !== '--help' && flag !== '-h') throw new Error(`unknown option '${argv[index]}'`);
  }
  return args;
}
