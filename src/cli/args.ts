/**
 * Command-line parsing for `invoke` and `list` with Node's `util.parseArgs` (strict: an unknown option or a missing
 * value is a usage error, exit code 2), plus the step from options to a core `Connection`.
 */
import { parseArgs } from 'node:util';
import type { Connection } from '../core/aws/connection';

/** A usage problem: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const connectionOptions = {
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'allow-insecure-endpoint': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Options of `invoke`. */
export interface InvokeArguments {
  readonly functionName: string;
  readonly qualifier?: string;
  /** The `--payload` value: JSON text, `@file`, or `-` for stdin; absent for an empty payload. */
  readonly payload?: string;
  readonly connection: Connection;
  readonly log: boolean;
  readonly dryRun: boolean;
  readonly clientContext?: Record<string, unknown>;
  readonly tenantId?: string;
  readonly buffered: boolean;
  readonly json: boolean;
  /** Strip terminal control sequences from the function's output (`--safe-output`). */
  readonly safeOutput: boolean;
  readonly help: boolean;
}

/** Options of `url`. */
export interface UrlArguments {
  /** A function name (its URL is read on `connection`) or the URL itself. */
  readonly target: { readonly url: string } | { readonly functionName: string; readonly qualifier?: string };
  readonly connection: Connection;
  readonly method?: string;
  readonly path?: string;
  /** `--header` values in order, names as given. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The `--data` value: JSON text, `@file`, or `-` for stdin. */
  readonly data?: string;
  readonly authType?: 'AWS_IAM' | 'NONE';
  readonly json: boolean;
  readonly safeOutput: boolean;
  readonly help: boolean;
}

/** Options of `run`. */
export interface RunArguments {
  readonly file: string;
  /** The invocations to run, by name; all when empty. */
  readonly names: readonly string[];
  readonly environment?: string;
  /** For invocations without `@connection`. */
  readonly connection: Connection;
  /** True when --profile, --region or --endpoint was given (else an invocation without @connection goes to AWS's defaults). */
  readonly connectionGiven: boolean;
  /** A running Local endpoint for `@connection local` (`lambda-stream serve`); else one is started here. */
  readonly local?: string;
  /** What the Local endpoint started here serves: a project, or a functions folder (default: a project beside the file, else the samples). */
  readonly project?: string;
  readonly functionsDir?: string;
  readonly json: boolean;
  readonly safeOutput: boolean;
  readonly help: boolean;
}

/** Options of `list`. */
export interface ListArguments {
  readonly connection: Connection;
  readonly json: boolean;
  readonly help: boolean;
}

/** Parses `invoke`'s arguments (without the command word). */
export function parseInvokeArguments(argv: string[]): InvokeArguments {
  const { values, positionals } = parse(argv, {
    ...connectionOptions,
    qualifier: { type: 'string', short: 'q' },
    payload: { type: 'string', short: 'p' },
    log: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'client-context': { type: 'string' },
    'tenant-id': { type: 'string' },
    buffered: { type: 'boolean' },
    'safe-output': { type: 'boolean' },
  });
  const help = values.help === true;
  if (!help && positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'name the function to invoke'
        : `expected one function name, got ${positionals.length}`,
    );
  }
  return {
    functionName: positionals[0] ?? '',
    qualifier: values.qualifier,
    payload: values.payload,
    connection: toConnection(values),
    log: values.log === true,
    dryRun: values['dry-run'] === true,
    clientContext: values['client-context'] === undefined ? undefined : parseClientContext(values['client-context']),
    tenantId: values['tenant-id'],
    buffered: values.buffered === true,
    json: values.json === true,
    safeOutput: values['safe-output'] === true,
    help,
  };
}

/** Parses `url`'s arguments (without the command word). */
export function parseUrlArguments(argv: string[]): UrlArguments {
  const { values, positionals } = parse(argv, {
    ...connectionOptions,
    qualifier: { type: 'string', short: 'q' },
    method: { type: 'string', short: 'X' },
    path: { type: 'string' },
    header: { type: 'string', short: 'H', multiple: true },
    data: { type: 'string', short: 'd' },
    auth: { type: 'string' },
    'safe-output': { type: 'boolean' },
  });
  const help = values.help === true;
  if (!help && positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'name the function or give its URL'
        : `expected one function or URL, got ${positionals.length}`,
    );
  const given = positionals[0] ?? '';
  const isUrl = /^https?:\/\//i.test(given);
  if (isUrl && values.qualifier !== undefined)
    throw new UsageError("--qualifier names an alias of a function; a URL already is one alias's URL");
  const headers = (values.header ?? []).map((header): [string, string] => {
    const colon = header.indexOf(':');
    if (colon <= 0)
      throw new UsageError(`--header '${header}' must be NAME:VALUE, e.g. --header 'accept: text/event-stream'`);
    return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
  });
  const auth = values.auth?.toLowerCase();
  if (auth !== undefined && auth !== 'iam' && auth !== 'none')
    throw new UsageError(`--auth must be iam (sign with SigV4) or none, not '${values.auth}'`);
  if (values.path !== undefined && !values.path.startsWith('/'))
    throw new UsageError(`--path must start with /, e.g. --path /items/7?full=1`);
  return {
    target: isUrl ? { url: given } : { functionName: given, qualifier: values.qualifier },
    connection: toConnection(values),
    method: values.method,
    path: values.path,
    headers,
    data: values.data,
    authType: auth === 'iam' ? 'AWS_IAM' : auth === 'none' ? 'NONE' : undefined,
    json: values.json === true,
    safeOutput: values['safe-output'] === true,
    help,
  };
}

/** Parses `run`'s arguments (without the command word). */
export function parseRunArguments(argv: string[]): RunArguments {
  const { values, positionals } = parse(argv, {
    ...connectionOptions,
    env: { type: 'string', short: 'e' },
    local: { type: 'string' },
    project: { type: 'string' },
    functions: { type: 'string' },
    'safe-output': { type: 'boolean' },
  });
  const help = values.help === true;
  if (!help && positionals.length === 0) throw new UsageError('name the invocation file to run');
  if (values.project !== undefined && values.functions !== undefined)
    throw new UsageError('give --project or --functions, not both');
  if (values.local !== undefined && (values.project !== undefined || values.functions !== undefined))
    throw new UsageError('--local names a running endpoint; --project and --functions start one: give one of them');
  const [file = '', ...names] = positionals;
  return {
    file,
    names,
    environment: values.env,
    connection: toConnection(values),
    connectionGiven: values.profile !== undefined || values.region !== undefined || values.endpoint !== undefined,
    local: values.local,
    project: values.project,
    functionsDir: values.functions,
    json: values.json === true,
    safeOutput: values['safe-output'] === true,
    help,
  };
}

/** Parses `list`'s arguments (without the command word). */
export function parseListArguments(argv: string[]): ListArguments {
  const { values, positionals } = parse(argv, connectionOptions);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  return { connection: toConnection(values), json: values.json === true, help: values.help === true };
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

function parse<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

function toConnection(values: {
  profile?: string | boolean;
  region?: string | boolean;
  endpoint?: string | boolean;
  'allow-insecure-endpoint'?: string | boolean;
}): Connection {
  const profile = typeof values.profile === 'string' ? values.profile : undefined;
  const region = typeof values.region === 'string' ? values.region : undefined;
  if (typeof values.endpoint === 'string') {
    const allowInsecureHttp = values['allow-insecure-endpoint'] === true;
    return {
      kind: 'endpoint',
      endpoint: values.endpoint,
      region,
      profile,
      ...(allowInsecureHttp ? { allowInsecureHttp } : {}),
    };
  }
  return { kind: 'aws', profile, region };
}

function parseClientContext(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--client-context is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new UsageError(`--client-context must be a JSON object, not ${kind}`);
  }
  return value as Record<string, unknown>;
}
