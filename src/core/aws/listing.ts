/**
 * Listing a connection's functions, a function's aliases and versions, as async generators over `NextMarker`: the
 * caller renders the first page while later pages load, and stops reading (and requesting) whenever it likes.
 * Also a function's URL (with its invoke mode), and the invoke mode alone as a hint whether a function streams (a
 * function without a URL may still stream, so it is only a hint). Every failure is a classified `LambdaStreamError`
 * (`operation: 'list'` and the API operation); `signal` cancels a listing, including a request in flight.
 */
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import { getLambdaClient } from './client';
import type { Connection } from './connection';
import { type ErrorContext, type ListingOperation, toLambdaStreamError } from '../errors/classify';
import { validateQualifier } from '../rules/names';
import { type LambdaClientLike, loadLambdaSdk } from './sdk';

/** A function as listed. */
export interface FunctionSummary {
  readonly name: string;
  readonly arn?: string;
  readonly runtime?: string;
  readonly description?: string;
  readonly lastModified?: string;
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly packageType?: string;
  readonly handler?: string;
}

/** A published version (including `$LATEST`). */
export interface VersionSummary {
  readonly version: string;
  readonly arn?: string;
  readonly description?: string;
  readonly lastModified?: string;
}

/** An alias and the version it points to. */
export interface AliasSummary {
  readonly name: string;
  readonly functionVersion?: string;
  readonly arn?: string;
  readonly description?: string;
  /**
   * Weighted routing: each additional version and the share of invocations (0–1) it receives; the rest goes to
   * `functionVersion`. Undefined when the alias routes everything to one version.
   */
  readonly routingWeights?: Readonly<Record<string, number>>;
}

/** A function (or alias) URL. */
export interface FunctionUrlSummary {
  readonly url: string;
  /** `BUFFERED` when Lambda does not say (its default). */
  readonly invokeMode: 'RESPONSE_STREAM' | 'BUFFERED' | string;
  /** `AWS_IAM` (requests must be signed) or `NONE`; `AWS_IAM` when Lambda does not say. */
  readonly authType: 'AWS_IAM' | 'NONE' | string;
}

/** Options for every listing call. */
export interface ListOptions {
  readonly signal?: AbortSignal;
  /** Items per request (Lambda returns at most 50 per page whatever is asked). */
  readonly pageSize?: number;
  /** A client instead of the cached control-plane client for the connection. */
  readonly client?: LambdaClientLike;
}

/** The connection's functions (unqualified), page by page. */
export async function* listFunctions(
  connection: Connection,
  options: ListOptions = {},
): AsyncGenerator<FunctionSummary, void, undefined> {
  const { ListFunctionsCommand } = await loadLambdaSdk();
  const pages = paged(connection, options, { apiOperation: 'ListFunctions' }, (client, marker, abortSignal) =>
    client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: options.pageSize }), { abortSignal }),
  );
  for await (const page of pages) for (const item of page.Functions ?? []) yield functionSummary(item);
}

/** A function's versions, `$LATEST` first as Lambda lists them. */
export async function* listVersions(
  connection: Connection,
  functionName: string,
  options: ListOptions = {},
): AsyncGenerator<VersionSummary, void, undefined> {
  const { ListVersionsByFunctionCommand } = await loadLambdaSdk();
  const pages = paged(
    connection,
    options,
    { functionName, apiOperation: 'ListVersionsByFunction' },
    (client, marker, abortSignal) =>
      client.send(
        new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker: marker, MaxItems: options.pageSize }),
        { abortSignal },
      ),
  );
  for await (const page of pages) {
    for (const item of page.Versions ?? []) {
      if (item.Version)
        yield {
          version: item.Version,
          arn: item.FunctionArn,
          description: item.Description || undefined,
          lastModified: item.LastModified,
        };
    }
  }
}

/** A function's aliases. */
export async function* listAliases(
  connection: Connection,
  functionName: string,
  options: ListOptions = {},
): AsyncGenerator<AliasSummary, void, undefined> {
  const { ListAliasesCommand } = await loadLambdaSdk();
  const pages = paged(
    connection,
    options,
    { functionName, apiOperation: 'ListAliases' },
    (client, marker, abortSignal) =>
      client.send(new ListAliasesCommand({ FunctionName: functionName, Marker: marker, MaxItems: options.pageSize }), {
        abortSignal,
      }),
  );
  for await (const page of pages) for (const item of page.Aliases ?? []) yield aliasSummary(item);
}

/**
 * The URL of the function (or of the alias `qualifier`, passed as given), or undefined when it has none. Any other
 * failure is thrown, classified.
 */
export async function getFunctionUrl(
  connection: Connection,
  functionName: string,
  qualifier?: string,
  options: ListOptions = {},
): Promise<FunctionUrlSummary | undefined> {
  const { GetFunctionUrlConfigCommand } = await loadLambdaSdk();
  try {
    options.signal?.throwIfAborted();
    const client = options.client ?? (await getLambdaClient(connection, 'control'));
    const config = await client.send(
      new GetFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier: qualifier }),
      { abortSignal: options.signal },
    );
    return config.FunctionUrl
      ? { url: config.FunctionUrl, invokeMode: config.InvokeMode ?? 'BUFFERED', authType: config.AuthType ?? 'AWS_IAM' }
      : undefined;
  } catch (error) {
    if (!options.signal?.aborted && error instanceof Error && error.name === 'ResourceNotFoundException')
      return undefined;
    throw toLambdaStreamError(error, {
      ...errorContext(connection, { functionName, apiOperation: 'GetFunctionUrlConfig' }),
      qualifier,
    });
  }
}

/**
 * The invoke mode of the function's URL (`RESPONSE_STREAM` or `BUFFERED`), or undefined when it has no URL or the
 * configuration cannot be read. Only a hint: a function without a URL may stream too.
 */
export async function getInvokeModeHint(
  connection: Connection,
  functionName: string,
  qualifier?: string,
  options: ListOptions = {},
): Promise<'RESPONSE_STREAM' | 'BUFFERED' | undefined> {
  const { GetFunctionUrlConfigCommand } = await loadLambdaSdk();
  const urlQualifier =
    qualifier !== undefined && validateQualifier(qualifier, 'url').length === 0 ? qualifier : undefined;
  try {
    const client = options.client ?? (await getLambdaClient(connection, 'control'));
    const config = await client.send(
      new GetFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier: urlQualifier }),
      { abortSignal: options.signal },
    );
    return config.InvokeMode === 'RESPONSE_STREAM' || config.InvokeMode === 'BUFFERED' ? config.InvokeMode : undefined;
  } catch (error) {
    if (options.signal?.aborted)
      throw toLambdaStreamError(error, { operation: 'list', apiOperation: 'GetFunctionUrlConfig', functionName });
    return undefined;
  }
}

type PageFetch<Page> = (
  client: LambdaClientLike,
  marker: string | undefined,
  abortSignal?: AbortSignal,
) => Promise<Page>;

/** Requests pages until `NextMarker` is missing or empty (or repeats); errors become `LambdaStreamError`s. */
async function* paged<Page extends { NextMarker?: string }>(
  connection: Connection,
  options: ListOptions,
  target: { functionName?: string; apiOperation: ListingOperation },
  fetch: PageFetch<Page>,
): AsyncGenerator<Page, void, undefined> {
  const context = errorContext(connection, target);
  let marker: string | undefined;
  for (;;) {
    let page: Page;
    try {
      options.signal?.throwIfAborted();
      const client = options.client ?? (await getLambdaClient(connection, 'control'));
      page = await fetch(client, marker, options.signal);
    } catch (error) {
      throw toLambdaStreamError(error, context);
    }
    yield page;
    if (!page.NextMarker || page.NextMarker === marker) return;
    marker = page.NextMarker;
  }
}

function errorContext(
  connection: Connection,
  target: { functionName?: string; apiOperation: ListingOperation },
): ErrorContext {
  return {
    operation: 'list',
    ...target,
    region: connection.region,
    profile: connection.profile,
    endpoint: connection.kind === 'endpoint' ? connection.endpoint : undefined,
  };
}

function functionSummary(item: FunctionConfiguration): FunctionSummary {
  return {
    name: item.FunctionName ?? '',
    arn: item.FunctionArn,
    runtime: item.Runtime,
    description: item.Description || undefined,
    lastModified: item.LastModified,
    memorySize: item.MemorySize,
    timeout: item.Timeout,
    packageType: item.PackageType,
    handler: item.Handler,
  };
}

function aliasSummary(item: AliasConfiguration): AliasSummary {
  const weights = item.RoutingConfig?.AdditionalVersionWeights;
  return {
    name: item.Name ?? '',
    functionVersion: item.FunctionVersion,
    arn: item.AliasArn,
    description: item.Description || undefined,
    routingWeights: weights && Object.keys(weights).length > 0 ? { ...weights } : undefined,
  };
}
