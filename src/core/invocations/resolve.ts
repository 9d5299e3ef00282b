/**
 * From a parsed invocation to a request that can be sent: variables substituted, the target, connection and options
 * checked by Lambda's rules, the payload checked as JSON (after substitution, with errors placed where they were
 * typed) and under 6 MB, a function-URL request built as the URL command builds it. Every problem has its place in
 * the file; an invocation with problems is not sent.
 */
import * as path from 'node:path';
import { LambdaStreamError } from '../errors/classify';
import { checkFunctionTarget, checkTenantId, encodeClientContext } from '../engine/request';
import { MAX_PAYLOAD_BYTES, parsePayload } from '../rules/payload';
import { parseFunctionName } from '../rules/names';
import type { UrlRequestParts } from '../rules/urlRequest';
import type { InvocationBlock, InvocationFileSyntax, OptionLine, Spanned, VariableDefinition } from './syntax';
import {
  type Environments,
  type Secret,
  environmentLayer,
  newScope,
  substitute,
  type VariableScope,
  type VariableSource,
} from './variables';

/** Where an invocation goes, as the file names it. */
export type ConnectionSpec =
  | { readonly kind: 'local' }
  | { readonly kind: 'aws'; readonly profile?: string; readonly region?: string }
  | { readonly kind: 'custom'; readonly name: string }
  | { readonly kind: 'endpoint'; readonly url: string };

/** The options an invocation may set. */
export interface InvocationOptions {
  readonly logTail: boolean;
  readonly dryRun: boolean;
  readonly buffered: boolean;
  readonly clientContext?: Readonly<Record<string, unknown>>;
  readonly tenantId?: string;
  /** Function URL requests: overrides the URL's AuthType (`iam` or `none`). */
  readonly authType?: 'AWS_IAM' | 'NONE';
}

/** An invocation ready to send. */
export interface ResolvedInvocation {
  readonly name: string;
  readonly index: number;
  /** Undefined: the caller's default connection. */
  readonly connection?: ConnectionSpec;
  readonly kind: 'invoke' | 'url';
  /** Set unless `url` is (a function URL given as a URL). */
  readonly functionName?: string;
  readonly qualifier?: string;
  readonly url?: string;
  readonly options: InvocationOptions;
  /** `invoke`: the payload's bytes exactly; `url`: the request. */
  readonly payload?: Uint8Array;
  readonly urlRequest?: UrlRequestParts;
  /** Where the payload came from, for headers and history: `inline (34 bytes)`, `payloads/a.json (2 KB)`. */
  readonly payloadLabel: string;
  /** Values from `{{$env …}}`, to mask wherever the request is shown. */
  readonly secrets: readonly Secret[];
}

/** A problem at a place in the invocation file. */
export interface InvocationProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  /** `error` stops the invocation; `warning` does not. */
  readonly severity: 'error' | 'warning';
}

/** What resolving needs besides the file. */
export interface ResolveContext {
  /** The invocation file's folder, for `< ./payloads/a.json`. */
  readonly baseDir: string;
  readonly environments: Environments;
  readonly environment?: string;
  /** Reads a referenced payload file; throws like `fs.readFileSync` when it cannot. */
  readonly readFile: (absolutePath: string) => Uint8Array;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}

/** The option keys, with what each takes (for problems, completion and the README). */
export const OPTION_KEYS: Readonly<Record<string, string>> = {
  connection: 'local, a profile (dev or dev/eu-west-1), custom <name>, or an endpoint URL',
  qualifier: 'a version or alias',
  log: 'tail or none',
  'dry-run': 'no value',
  buffered: 'no value (Invoke instead of InvokeWithResponseStream)',
  'client-context': 'a JSON object',
  tenant: 'a TenantId',
  auth: 'iam or none (function URL requests)',
};

/** The layers of variables for one invocation (its own, the file's, the environment's). */
export function scopeFor(
  syntax: InvocationFileSyntax,
  block: InvocationBlock | undefined,
  context: ResolveContext,
): VariableScope {
  const layer = (definitions: readonly VariableDefinition[], origin: 'invocation' | 'file') => {
    const map = new Map<string, VariableSource>();
    for (const definition of definitions)
      map.set(definition.name.text, { value: definition.value.text, origin, offset: definition.value.offset });
    return map;
  };
  return newScope(
    [
      layer(block?.variables ?? [], 'invocation'),
      layer(syntax.variables, 'file'),
      environmentLayer(context.environments, context.environment),
    ],
    context.processEnv ?? process.env,
  );
}

/** Resolves one invocation; `invocation` is undefined when any problem is an error. */
export function resolveInvocation(
  syntax: InvocationFileSyntax,
  block: InvocationBlock,
  context: ResolveContext,
): { invocation?: ResolvedInvocation; problems: InvocationProblem[] } {
  const problems: InvocationProblem[] = [];
  const error = (offset: number, length: number, message: string) =>
    problems.push({ offset, length, message, severity: 'error' });
  const scope = scopeFor(syntax, block, context);
  const secrets: Secret[] = [];
  const text = (spanned: Spanned) => {
    const result = substitute(spanned.text, spanned.offset, scope);
    for (const problem of result.problems) error(problem.offset, problem.length, problem.message);
    secrets.push(...result.secrets);
    return result;
  };
  for (const definition of [...syntax.variables, ...block.variables]) text(definition.value);

  const options = readOptions([...syntax.options, ...block.options], text, error);
  const request = block.request;
  if (!request) return { problems };
  const target = text(request.target).text;
  let functionName: string | undefined;
  let qualifier = options.qualifier;
  let url: string | undefined;
  if (request.kind === 'url' && /^https?:\/\//i.test(target)) url = target;
  else {
    const parsed = target.startsWith('arn:') ? undefined : parseFunctionName(target);
    functionName = parsed?.qualifier !== undefined && !target.includes(':function:') ? parsed.name : target;
    const written = parsed?.qualifier !== undefined && !target.includes(':function:') ? parsed.qualifier : undefined;
    if (written !== undefined && qualifier !== undefined && written !== qualifier)
      error(
        request.target.offset,
        request.target.text.length,
        `The target says :${written} but @qualifier says ${qualifier}; keep one.`,
      );
    qualifier ??= written;
    try {
      checkFunctionTarget(functionName, request.kind === 'url' && qualifier === undefined ? undefined : qualifier);
    } catch (caught) {
      if (!(caught instanceof LambdaStreamError)) throw caught;
      error(request.target.offset, request.target.text.length, caught.message);
    }
  }

  let payload: Uint8Array | undefined;
  let urlRequest: UrlRequestParts | undefined;
  let payloadLabel = 'empty (the function receives {})';
  const body = readBody(block, context, text, error);
  if (body) payloadLabel = body.label;
  if (request.kind === 'invoke') {
    if (body) {
      const parsed = parsePayload(body.bytes);
      // The first JSON problem only: the ones after it are mostly its echoes.
      if (parsed.ok) payload = parsed.bytes;
      else placePayloadProblem(parsed.problems[0], body, error);
    } else payload = new Uint8Array(0);
  } else {
    const headers: Record<string, string> = {};
    for (const header of block.headers) headers[header.name.text.toLowerCase()] = text(header.value).text;
    const contentType = headers['content-type'];
    const method = request.method.text.toUpperCase();
    const requestPath = request.path ? text(request.path).text : '';
    if (requestPath && !requestPath.startsWith('/'))
      error(request.path!.offset, request.path!.text.length, 'A path starts with /, e.g. /items/7?full=1.');
    let bodyBytes: Uint8Array | undefined;
    if (body) {
      const jsonBody = contentType === undefined || /[/+]json\b/i.test(contentType);
      const parsed = jsonBody ? parsePayload(body.bytes) : undefined;
      if (parsed && !parsed.ok) {
        placePayloadProblem(
          parsed.problems[0],
          body,
          error,
          contentType === undefined ? ' (give a content-type header to send other text)' : '',
        );
      } else if (body.bytes.byteLength > MAX_PAYLOAD_BYTES) {
        error(
          body.offset,
          body.length,
          `The body is ${body.bytes.byteLength} bytes, over the function URL limit of 6 MB.`,
        );
      } else {
        bodyBytes = body.bytes;
        if (contentType === undefined && parsed?.ok) headers['content-type'] = 'application/json';
      }
    }
    urlRequest = { method, path: requestPath, headers, ...(bodyBytes ? { body: bodyBytes } : {}), shaped: true };
  }

  if (problems.some((problem) => problem.severity === 'error')) return { problems };
  return {
    invocation: {
      name: block.name,
      index: block.index,
      connection: options.connection,
      kind: request.kind,
      ...(functionName !== undefined ? { functionName } : {}),
      ...(qualifier !== undefined ? { qualifier } : {}),
      ...(url !== undefined ? { url } : {}),
      options: options.invocation,
      payload,
      urlRequest,
      payloadLabel,
      secrets,
    },
    problems,
  };
}

type Substitute = (spanned: Spanned) => { text: string; sourceOffset(offset: number): number };
type Report = (offset: number, length: number, message: string) => void;

function readOptions(
  lines: readonly OptionLine[],
  text: Substitute,
  error: Report,
): { invocation: InvocationOptions; connection?: ConnectionSpec; qualifier?: string } {
  let logTail = true;
  let dryRun = false;
  let buffered = false;
  let clientContext: Record<string, unknown> | undefined;
  let tenantId: string | undefined;
  let authType: 'AWS_IAM' | 'NONE' | undefined;
  let connection: ConnectionSpec | undefined;
  let qualifier: string | undefined;
  for (const line of lines) {
    const key = line.key.text.toLowerCase();
    const value = text(line.value).text.trim();
    const at = line.value.text ? line.value : line.key;
    const bad = (message: string) => error(at.offset, Math.max(at.text.length, 1), message);
    switch (key) {
      case 'name':
        break; // REST Client's `# @name`: the name is the text after ###
      case 'connection':
        connection = parseConnection(value);
        if (!connection) bad(`@connection takes ${OPTION_KEYS.connection}.`);
        break;
      case 'qualifier':
        qualifier = value;
        if (!value) bad('@qualifier takes a version or alias.');
        break;
      case 'log':
        if (value !== 'tail' && value !== 'none') bad('@log takes tail or none.');
        logTail = value !== 'none';
        break;
      case 'dry-run':
        dryRun = true;
        break;
      case 'buffered':
        buffered = true;
        break;
      case 'client-context':
        try {
          const parsed = JSON.parse(value) as Record<string, unknown>;
          encodeClientContext(parsed);
          clientContext = parsed;
        } catch (caught) {
          bad(
            caught instanceof LambdaStreamError
              ? caught.message
              : '@client-context takes a JSON object, e.g. {"custom": {"a": 1}}.',
          );
        }
        break;
      case 'tenant':
        try {
          checkTenantId(value);
          tenantId = value;
        } catch (caught) {
          bad(caught instanceof LambdaStreamError ? caught.message : String(caught));
        }
        break;
      case 'auth':
        if (value !== 'iam' && value !== 'none') bad('@auth takes iam or none.');
        authType = value === 'iam' ? 'AWS_IAM' : 'NONE';
        break;
      default:
        error(
          line.key.offset,
          line.key.text.length,
          `@${line.key.text} is not an option; the options are ${Object.keys(OPTION_KEYS)
            .map((name) => `@${name}`)
            .join(', ')}.`,
        );
    }
  }
  return {
    invocation: {
      logTail,
      dryRun,
      buffered,
      ...(clientContext ? { clientContext } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(authType ? { authType } : {}),
    },
    ...(connection ? { connection } : {}),
    ...(qualifier !== undefined ? { qualifier } : {}),
  };
}

/** `local`, `custom <name>`, an endpoint URL, or `profile[/region]`; undefined when it is none of them. */
export function parseConnection(value: string): ConnectionSpec | undefined {
  if (value === 'local') return { kind: 'local' };
  const custom = /^custom\s+(\S.*)$/.exec(value);
  if (custom) return { kind: 'custom', name: custom[1].trim() };
  if (/^https?:\/\/\S+$/i.test(value)) return { kind: 'endpoint', url: value };
  const aws = /^([\w.@+%:-]+)(?:\/([a-z]{2}(?:-[a-z]+)+-\d+))?$/.exec(value);
  if (aws) return { kind: 'aws', profile: aws[1], ...(aws[2] ? { region: aws[2] } : {}) };
  return undefined;
}

interface BodyRead {
  readonly bytes: Uint8Array;
  readonly label: string;
  readonly offset: number;
  readonly length: number;
  /** Maps an offset in the substituted text to the file; undefined for a referenced file. */
  readonly sourceOffset?: (offset: number) => number;
  /** The referenced file's relative path, for problems inside it. */
  readonly file?: string;
}

function readBody(
  block: InvocationBlock,
  context: ResolveContext,
  text: Substitute,
  error: Report,
): BodyRead | undefined {
  const body = block.body;
  if (!body) return undefined;
  if (body.kind === 'inline') {
    const substituted = text(body.text);
    const bytes = Buffer.from(substituted.text, 'utf8');
    return {
      bytes,
      label: `inline (${bytes.byteLength} bytes)`,
      offset: body.text.offset,
      length: body.text.text.length,
      sourceOffset: substituted.sourceOffset,
    };
  }
  const relative = text(body.path).text;
  const absolute = path.resolve(context.baseDir, relative);
  try {
    const bytes = context.readFile(absolute);
    return {
      bytes,
      label: `${relative} (${bytes.byteLength} bytes)`,
      offset: body.path.offset,
      length: body.path.text.length,
      file: relative,
    };
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    error(
      body.path.offset,
      body.path.text.length,
      code === 'ENOENT'
        ? `${relative} does not exist (paths are relative to this file).`
        : `${relative} cannot be read (${code ?? String(caught)}).`,
    );
    return undefined;
  }
}

function placePayloadProblem(
  problem: { code: string; message: string; offset: number; length: number },
  body: BodyRead,
  error: Report,
  hint = '',
): void {
  const withHint = (message: string) => message.replace(/\.$/, `${hint}.`);
  if (body.file || !body.sourceOffset) {
    error(body.offset, body.length, withHint(`${body.file ?? 'The payload'}: ${problem.message}`));
    return;
  }
  // Inline, the place says where: the sentence drops the payload's own line and column.
  const sentence = problem.message.replace(/^Line \d+, column \d+: (.)/, (_, first: string) => first.toUpperCase());
  if (problem.code === 'PayloadTooLarge') {
    error(body.offset, body.length, sentence);
    return;
  }
  const start = body.sourceOffset(problem.offset);
  const end = body.sourceOffset(problem.offset + Math.max(problem.length, 1));
  error(start, Math.max(end - start, 1), withHint(sentence));
}
