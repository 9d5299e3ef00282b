/**
 * Listing a connection's functions, a function's aliases and versions, as async generators over `NextMarker`: the
 * caller renders the first page while later pages load, and stops reading (and requesting) whenever it likes.
 * Also the function-URL invoke mode, which hints whether a function streams (a function without a URL may still
 * stream, so it is only a hint).
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
export async function* listFunctions(connection: Connection, options: ListOptions = {}): AsyncGenerator<FunctionSummary, void, undefined> {
  const { ListFunctionsCommand } = await loadLambdaSdk();
  const pages = paged(connection, options, { apiOperation: 'ListFunctions' }, (client, marker, abortSignal) =>
    client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: options.pageSize }), { abortSignal }));
  for await (const page of pages) for (const item of page.Functions ?? []) yield functionSummary(item);
}

/** A function's versions, `$LATEST` first as Lambda lists them. */
export async function* listVersions(connection: Connection, functionName: string, options: ListOptions = {}): AsyncGenerator<VersionSummary, void, undefined> {
  const { ListVersionsByFunctionCommand } = await loadLambdaSdk();
  const pages = paged(connection, options, { functionName, apiOperation: 'ListVersionsByFunction' }, (client, marker, abortSignal) =>
    client.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker: marker, MaxItems: options.pageSize }), { abortSignal }));
  for await (const page of pages) {
    for (const item of page.Versions ?? []) {
      if (item.Version) yield { version: item.Version, arn: item.FunctionArn, description: item.Description || undefined, lastModified: item.LastModified };
    }
  }
}

/** A function's aliases. */
export async function* listAliases(connection: Connection, functionName: string, options: ListOptions = {}): AsyncGenerator<AliasSummary, void, undefined> {
  const { ListAliasesCommand } = await loadLambdaSdk();
  const pages = paged(connection, options, { functionName, apiOperation: 'ListAliases' }, (client, marker, abortSignal) =>
    client.send(new ListAliasesCommand({ FunctionName: functionName, Marker: marker, MaxItems: options.pageSize }), { abortSignal }));
  for await (const page of pages) for (const item of page.Aliases ?? []) yield aliasSummary(item);
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
  const urlQualifier = qualifier !== undefined && validateQualifier(qualifier, 'url').length === 0 ? qualifier : undefined;
  try {
    const client = options.client ?? (await getLambdaClient(connection, 'control'));
    const config = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier: urlQualifier }), { abortSignal: options.signal });
    return config.InvokeMode === 'RESPONSE_STREAM' || config.InvokeMode === 'BUFFERED' ? config.InvokeMode : undefined;
  } catch (error) {
    if (options.signal?.aborted) throw toLambdaStreamError(error, { operation: 'list', apiOperation: 'GetFunctionUrlConfig', functionName });
    return undefined;
  }
}

type PageFetch<Page> = (client: LambdaClientLike, marker: string | undefined, abortSignal?: AbortSignal) => Promise<Page>;

/** Requests pages until `NextMarker` is missing or empty (or repeats); errors become `LambdaStreamError`s. */
async function* paged<Page extends { NextMarker?: string }>(
  connection: Connection,
  options: ListOptions,
  target: { functionName?: string; apiOperation: ListingOperation },
  fetch: PageFetch<Page>,
): AsyncGenerator<Page, void, undefined> {
  const context: ErrorContext = {
    operation: 'list',
    ...target,
    region: connection.region,
    profile: connection.profile,
    endpoint: connection.kind === 'endpoint' ? connection.endpoint : undefined,
  };
  let marker: string | undefined;
  for (;;) {
    let page: Page;
    try {
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
  return { name: item.Name ?? '', functionVersion: item.FunctionVersion, arn: item.AliasArn, description: item.Description || undefined };
}
