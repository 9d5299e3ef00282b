/**
 * Invoking a function through its URL, as the extension and the CLI ask for it: by function (its URL and AuthType
 * read with GetFunctionUrlConfig on the connection) or by URL, with a payload read as a request (see
 * `rules/urlRequest.ts`), signed with the connection's credentials when the AuthType is AWS_IAM.
 */
import { signingIdentity } from '../aws/client';
import { type Connection, isLoopbackEndpoint } from '../aws/connection';
import { getFunctionUrl } from '../aws/listing';
import { toLambdaStreamError, validationError } from '../errors/classify';
import { parsePayload } from '../rules/payload';
import { type UrlRequestParts, urlRequestFromPayload } from '../rules/urlRequest';
import type { InvokeEvent } from './events';
import { invokeFunctionUrl } from './invokeUrl';

/** Which URL to call. */
export interface FunctionUrlTarget {
  /** Reads the URL of `functionName` and signs; for a bare `url` only signs (a loopback URL needs none). */
  readonly connection?: Connection;
  readonly functionName?: string;
  /** An alias with its own URL. */
  readonly qualifier?: string;
  /** The URL itself, instead of a function name. */
  readonly url?: string;
  /** Overrides what GetFunctionUrlConfig says (and, for a bare URL, the default `NONE`). */
  readonly authType?: 'AWS_IAM' | 'NONE';
}

/** The URL a target resolves to, and how requests to it are authorised. */
export interface ResolvedFunctionUrl {
  readonly url: string;
  readonly authType: string;
  readonly invokeMode?: string;
}

/** Finds the URL: the given one, or the function's own (a function without one is a validation error). */
export async function resolveFunctionUrl(
  target: FunctionUrlTarget,
  signal?: AbortSignal,
): Promise<ResolvedFunctionUrl> {
  if (target.url) {
    let parsed: URL;
    try {
      parsed = new URL(target.url);
    } catch {
      throw validationError('InvalidFunctionUrl', `"${target.url}" is not a URL: give https://….lambda-url.….on.aws/.`);
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackEndpoint(parsed.origin)))
      throw validationError(
        'InvalidFunctionUrl',
        `${parsed.origin} is not https: function URLs are https, and plain http is only for a loopback (Local) URL.`,
      );
    return { url: parsed.href, authType: target.authType ?? 'NONE' };
  }
  if (!target.connection || !target.functionName)
    throw validationError('InvalidFunctionUrl', 'Name a function or give its URL.');
  const found = await getFunctionUrl(target.connection, target.functionName, urlQualifier(target.qualifier), {
    signal,
  });
  if (!found) {
    const name = `${target.functionName}${target.qualifier ? `:${target.qualifier}` : ''}`;
    throw validationError(
      'NoFunctionUrl',
      `${name} has no function URL: give it one (FunctionUrlConfig in a SAM template, or aws lambda create-function-url-config), or invoke it directly.`,
      [{ kind: 'chooseFunction' }],
    );
  }
  return { url: found.url, authType: target.authType ?? found.authType, invokeMode: found.invokeMode };
}

/**
 * Calls the target's URL with `parts` and yields the response as it arrives (see `invokeFunctionUrl`). Failures
 * before the request (no URL, credentials) are thrown as `LambdaStreamError`s too.
 */
export async function* invokeFunctionUrlTarget(
  target: FunctionUrlTarget,
  parts: UrlRequestParts,
  options: { readonly signal?: AbortSignal; readonly decodeText?: boolean } = {},
): AsyncGenerator<InvokeEvent, void, undefined> {
  const resolved = await resolveFunctionUrl(target, options.signal);
  const context = { functionName: target.functionName, qualifier: target.qualifier };
  let signing: Awaited<ReturnType<typeof signingIdentity>> | undefined;
  if (resolved.authType === 'AWS_IAM') {
    const connection = target.connection ?? loopbackConnection(resolved.url) ?? { kind: 'aws' };
    try {
      signing = await signingIdentity(connection);
    } catch (error) {
      throw toLambdaStreamError(error, context);
    }
  }
  yield* invokeFunctionUrl(
    {
      url: resolved.url,
      method: parts.method,
      path: parts.path,
      headers: parts.headers,
      body: parts.body,
      credentials: signing?.credentials,
      region: signing && !/\.on\.aws$/.test(new URL(resolved.url).hostname) ? signing.region : undefined,
      context,
    },
    options,
  );
}

/** A payload (text or bytes) checked as JSON and read as a URL request; problems are validation errors. */
export function urlRequestFromText(payload: string | Uint8Array): UrlRequestParts {
  const parsed = parsePayload(payload);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    throw validationError('InvalidPayload', `The request is not valid JSON: ${first.message}`, [
      { kind: 'fixPayload', line: first.line, column: first.column },
    ]);
  }
  const request = urlRequestFromPayload(parsed.value, parsed.bytes, parsed.empty);
  if (!request.ok) throw validationError('InvalidUrlRequest', `The request shape is not valid: ${request.problem}`);
  return request.request;
}

/** `$LATEST` has no URL of its own: the unqualified URL is the function's. */
function urlQualifier(qualifier: string | undefined): string | undefined {
  return qualifier && qualifier !== '$LATEST' ? qualifier : undefined;
}

/** A loopback URL signs with the session keys its Local endpoint published (read by the client for that origin). */
function loopbackConnection(url: string): Connection | undefined {
  const origin = new URL(url).origin;
  return isLoopbackEndpoint(origin) ? { kind: 'endpoint', endpoint: origin } : undefined;
}
