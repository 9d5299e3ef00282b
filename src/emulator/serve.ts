/**
 * `lambda-stream serve [--port N] [--functions DIR | --project PATH] [--logs]`: runs the Local endpoint until SIGINT/SIGTERM (or, when
 * started with an IPC channel, until the parent disconnects). Prints exactly one line on stdout when listening and,
 * over IPC, sends `{type: 'listening', url}`. `--logs` also prints every invocation's log to stdout.
 */
import { redactSecrets, rememberCredentials } from '../core/errors/redaction';
import type { FunctionEntry } from './registry';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS } from './runner';
import { type LocalEndpoint, startLocalEndpoint } from './server';

/** The line printed once the endpoint listens; the extension and scripts parse the URL from it. */
export const LISTENING_PREFIX = 'lambda-stream local endpoint listening on ';

const USAGE = `Usage: lambda-stream serve [--port N] [--functions DIR | --project PATH] [options] [--logs]
  --port N         port on 127.0.0.1 (default 0: any free port)
  --functions DIR  folder of handler files, one function per .mjs/.cjs/.js file (default: the bundled samples)
  --project PATH   a SAM project (template.yaml/.yml, or .aws-sam/build), a CDK cdk.out folder or a
                   serverless.yml: serves its Node.js functions by logical ID; TypeScript runs without a build
  --parameter-overrides K=V [K=V …]   template parameter values (SAM's syntax, also ParameterKey=K,ParameterValue=V)
  --env-vars FILE  SAM's environment-variable overrides: {"Parameters": {…}, "<LogicalId>": {…}}
  --stage S        Serverless stage for \${opt:stage} and \${sls:stage} (default: provider.stage or dev)
  --region R       region of ARNs and AWS::Region (default us-east-1; a signed request's region wins for ARNs)
  --no-auth        accept unsigned requests (for tools that cannot sign); by default every request must be
                   signed (SigV4) with this session's keys, which are written for the same user's CLI
  --max-concurrency N   handler processes at once over all functions (default 4 per CPU core, at least 32);
                   more synchronous invocations get 429, Event invocations wait
  --pass-aws-credentials   give handlers your AWS credentials and AWS_* variables (default: placeholders)
  --logs           print each invocation's log (START … REPORT) to stdout, secrets masked
`;

interface ServeArguments {
  port: number;
  functionsDir?: string;
  project?: string;
  parameterOverrides: Record<string, string>;
  envVarsFile?: string;
  stage?: string;
  region?: string;
  auth: boolean;
  passAwsCredentials: boolean;
  maxConcurrency?: number;
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
      project: args.project,
      projectOptions: {
        parameterOverrides: args.parameterOverrides,
        envVarsFile: args.envVarsFile,
        stage: args.stage,
        region: args.region,
      },
      onInvocationLog: args.logs ? (text) => stdout.print(redactSecrets(text)) : undefined,
      sessionKeys: args.auth ? undefined : false,
      publishKeys: args.auth,
      passAwsCredentials: args.passAwsCredentials,
      maxConcurrency: args.maxConcurrency,
    });
  } catch (error) {
    process.stderr.write(`lambda-stream serve: cannot listen on 127.0.0.1:${args.port}: ${(error as Error).message}\n`);
    return 1;
  }
  if (endpoint.sessionKeys) rememberCredentials(endpoint.sessionKeys);
  stdout.print(`${LISTENING_PREFIX}${endpoint.url}\n`);
  if (endpoint.keysFile) {
    process.stderr.write(
      `lambda-stream serve: requests must be signed with this session's keys (in ${endpoint.keysFile}, readable only by you); lambda-stream invoke|list --endpoint ${endpoint.url} uses them.\n`,
    );
  } else
    process.stderr.write('lambda-stream serve: --no-auth: any program on this machine can invoke these functions.\n');
  if (args.project) process.stderr.write(describeServed(endpoint.functions.list()));
  process.stderr.write(describeUrls(endpoint));
  process.send?.({ type: 'listening', url: endpoint.url, sessionKeys: endpoint.sessionKeys });

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
  const args: ServeArguments = { port: 0, logs: false, auth: true, passAwsCredentials: false, parameterOverrides: {} };
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
    else if (flag === '--project') args.project = value();
    else if (flag === '--env-vars') args.envVarsFile = value();
    else if (flag === '--stage') args.stage = value();
    else if (flag === '--region') args.region = value();
    else if (flag === '--parameter-overrides') {
      const pairs = [value()];
      while (index + 1 < argv.length && !argv[index + 1].startsWith('--')) pairs.push(argv[++index]);
      Object.assign(args.parameterOverrides, parseParameterOverrides(pairs.join(' ')));
    } else if (flag === '--logs') args.logs = true;
    else if (flag === '--no-auth') args.auth = false;
    else if (flag === '--pass-aws-credentials') args.passAwsCredentials = true;
    else if (flag === '--max-concurrency') {
      const text = value();
      if (!/^[1-9]\d{0,4}$/.test(text))
        throw new Error(`--max-concurrency must be a number from 1 to 99999, not '${text}'`);
      args.maxConcurrency = Number(text);
    } else if (flag !== '--help' && flag !== '-h') throw new Error(`unknown option '${argv[index]}'`);
  }
  if (args.project && args.functionsDir) throw new Error('give --functions or --project, not both');
  return args;
}

/**
 * SAM's `--parameter-overrides` forms: `Key=Value Key2=Value2` (values may be quoted) and
 * `ParameterKey=Key,ParameterValue=Value`.
 */
export function parseParameterOverrides(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const long = /ParameterKey=([^,\s]+),ParameterValue=("[^"]*"|'[^']*'|[^\s]*)/g;
  let rest = text.replace(long, (_whole, key: string, value: string) => {
    values[key] = unquote(value);
    return ' ';
  });
  rest = rest.replace(/([A-Za-z0-9]+)=("[^"]*"|'[^']*'|[^\s]*)/g, (_whole, key: string, value: string) => {
    values[key] = unquote(value);
    return ' ';
  });
  if (rest.trim()) throw new Error(`--parameter-overrides: cannot read '${rest.trim()}' (write Key=Value)`);
  return values;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** The function URLs the endpoint serves, one line each, for stderr (`curl -N URL` streams them). */
function describeUrls(endpoint: LocalEndpoint): string {
  const served = endpoint.functions.list().filter((fn) => {
    const code = endpoint.functions.codeInfo(fn);
    return code !== undefined && (fn.settings.streaming !== undefined || code.streaming);
  });
  const width = Math.max(0, ...served.map((fn) => fn.name.length));
  const lines = served.map((fn) => {
    const auth = fn.settings.urlAuthType === 'AWS_IAM' ? ' (AWS_IAM: sign with the session keys)' : '';
    return `  ${fn.name.padEnd(width)}  ${endpoint.functionUrl(fn.name)}${auth}`;
  });
  return lines.length === 0 ? '' : `lambda-stream serve: function URLs:\n${lines.join('\n')}\n`;
}

/** What a project serves, for stderr: one line per function with its handler, timeout and aliases. */
function describeServed(functions: readonly FunctionEntry[]): string {
  if (functions.length === 0)
    return 'lambda-stream serve: the project declares no Node.js function to serve (see the problems above).\n';
  const lines = functions.map((fn) => {
    const aliases = Object.keys(fn.settings.aliases ?? {});
    const facts = [
      fn.handler ?? 'handler',
      `${fn.settings.timeout ?? DEFAULT_TIMEOUT_SECONDS} s`,
      `${fn.settings.memorySize ?? DEFAULT_MEMORY_MB} MB`,
      ...(fn.build ? ['TypeScript, bundled on first invoke'] : []),
      ...(fn.settings.streaming ? ['RESPONSE_STREAM'] : []),
      ...(aliases.length > 0 ? [`aliases ${aliases.join(', ')}`] : []),
    ];
    return `  ${fn.name}  (${facts.join(' · ')})`;
  });
  return `lambda-stream serve: ${functions.length} function${functions.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n`;
}
