/**
 * `lambda-stream url`: calls a function URL and streams the body to stdout as it arrives, the status line, headers
 * and summary on stderr, as `invoke` does. The target is a function (its URL and AuthType read on the connection)
 * or the URL itself; the request is `--data` (a JSON body, or a request shape with method, path, headers, body)
 * with `--method`, `--path` and `--header` on top. AuthType AWS_IAM is signed with the connection's credentials.
 */
import { disposeLambdaClients } from '../core/aws/client';
import { invokeFunctionUrlTarget, urlRequestFromText } from '../core/engine/functionUrlCall';
import { LambdaStreamError } from '../core/errors/classify';
import type { UrlRequestParts } from '../core/rules/urlRequest';
import { parseUrlArguments, UsageError, type UrlArguments } from './args';
import { readPayload } from './invokeCommand';
import { errorLines, ExitCode, exitCodeFor } from './render';
import { StdoutSink } from './stdoutSink';
import { interruption, printEvents } from './streamOutput';
import { stripTerminalControls } from './terminalText';

/** The text of `lambda-stream url --help`. */
export const URL_USAGE = `Usage: lambda-stream url <function|URL> [options]
  -q, --qualifier Q         the alias whose URL to call (with a function name)
  -X, --method M            HTTP method (default: POST with --data, else GET)
      --path P              path and query after the URL, e.g. /items/7?full=1
  -H, --header 'K: V'       a request header (repeatable)
  -d, --data JSON|@FILE|-   the request: a JSON body, or {"method","path","query","headers","body"}
      --auth iam|none       sign with SigV4 or not (default: the URL's AuthType; none for a bare URL)
      --profile P           AWS profile for reading the URL and signing
      --region R            AWS region
      --endpoint URL        a Lambda-compatible endpoint, e.g. the Local endpoint of \`lambda-stream serve\`
      --json                one JSON event per line on stdout instead of the raw body
      --safe-output         strip terminal control sequences from the body too (it is exact by default)
      --allow-insecure-endpoint   allow a plain http:// --endpoint on another machine
Exit codes: 0 a 2xx answer, 1 the function failed (502, 5xx), 2 usage or validation error (nothing sent),
            3 service, credential (403) or network error, 130 interrupted
`;

/** Runs `url`; resolves with the exit code. */
export async function runUrl(argv: string[]): Promise<number> {
  let args: UrlArguments;
  let parts: UrlRequestParts;
  try {
    args = parseUrlArguments(argv);
    if (args.help) {
      process.stdout.write(URL_USAGE);
      return ExitCode.ok;
    }
    parts = withOptions(urlRequestFromText(await readPayload(args.data)), args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`lambda-stream url: ${error.message}\n${URL_USAGE}`);
      return ExitCode.usage;
    }
    if (error instanceof LambdaStreamError) {
      process.stderr.write(`${stripTerminalControls(errorLines(error.classification).join('\n'))}\n`);
      return exitCodeFor(error.classification.category);
    }
    throw error;
  }
  const stdout = new StdoutSink();
  const interrupt = interruption(stdout);
  const named = 'functionName' in args.target;
  // A bare URL needs a connection only to sign: the one the options name, else the URL's own (Local) or the defaults.
  const connectionGiven = argv.some((arg) => /^--(profile|endpoint|region)(=|$)/.test(arg));
  const events = invokeFunctionUrlTarget(
    {
      ...args.target,
      connection: named || connectionGiven ? args.connection : undefined,
      authType: args.authType,
    },
    parts,
    { signal: interrupt.signal, decodeText: args.json || process.stdout.isTTY === true || args.safeOutput },
  );
  try {
    return await printEvents(events, { json: args.json, safeOutput: args.safeOutput }, stdout);
  } finally {
    interrupt.dispose();
    await disposeLambdaClients();
  }
}

/** `--method`, `--path` and `--header` applied over what `--data` asked for. */
function withOptions(parts: UrlRequestParts, args: UrlArguments): UrlRequestParts {
  const headers: Record<string, string> = { ...parts.headers };
  for (const [name, value] of args.headers) headers[name.toLowerCase()] = value;
  return {
    ...parts,
    method: args.method?.toUpperCase() ?? parts.method,
    path: args.path ?? parts.path,
    headers,
  };
}
