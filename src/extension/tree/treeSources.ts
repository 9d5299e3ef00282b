/**
 * The real sources behind the Functions view: profiles from the shared AWS files, and Lambda's listings through the
 * core's control-plane client (retried, short timeouts), read page by page over `NextMarker` so a region with
 * thousands of functions is read only as far as the user scrolls. Items keep the SDK's shapes because the view shows
 * what src/core/aws/listing.ts's summaries leave out (alias routing weights, the function URL itself), and the invoke
 * target picker reads the same sources.
 */
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import { getLambdaClient } from '../../core/aws/client';
import type { Connection } from '../../core/aws/connection';
import { discoverProfiles } from '../../core/aws/profiles';
import { loadLambdaSdk } from '../../core/aws/sdk';
import type { FunctionUrlInfo, TreeSources } from './treeContext';

/** Lambda returns at most 50 per page whatever is asked; asking for 50 keeps the pages the same everywhere. */
const PAGE_SIZE = 50;

/** The sources the extension uses; tests pass their own `TreeSources` to the provider instead. */
export function defaultTreeSources(): TreeSources {
  return {
    profiles: () => discoverProfiles(),
    functions: (connection) =>
      pages(async (Marker) => {
        const { ListFunctionsCommand } = await loadLambdaSdk();
        const page = await (await getLambdaClient(connection, 'control')).send(new ListFunctionsCommand({ Marker, MaxItems: PAGE_SIZE }));
        return { items: page.Functions, next: page.NextMarker };
      }),
    aliases: (connection, FunctionName) =>
      pages<AliasConfiguration>(async (Marker) => {
        const { ListAliasesCommand } = await loadLambdaSdk();
        const page = await (await getLambdaClient(connection, 'control')).send(new ListAliasesCommand({ FunctionName, Marker, MaxItems: PAGE_SIZE }));
        return { items: page.Aliases, next: page.NextMarker };
      }),
    versions: (connection, FunctionName) =>
      pages<FunctionConfiguration>(async (Marker) => {
        const { ListVersionsByFunctionCommand } = await loadLambdaSdk();
        const page = await (await getLambdaClient(connection, 'control')).send(new ListVersionsByFunctionCommand({ FunctionName, Marker, MaxItems: PAGE_SIZE }));
        return { items: page.Versions, next: page.NextMarker };
      }),
    functionUrl: (connection, functionName, qualifier) => functionUrl(connection, functionName, qualifier),
  };
}

/**
 * Yields the items of each page, asking for the next page only when the consumer reaches it; stops when
 * `NextMarker` is missing, empty or repeats.
 */
async function* pages<T>(read: (marker: string | undefined) => Promise<{ items?: T[]; next?: string }>): AsyncGenerator<T> {
  let marker: string | undefined;
  for (;;) {
    const page = await read(marker);
    yield* page.items ?? [];
    if (!page.next || page.next === marker) return;
    marker = page.next;
  }
}

async function functionUrl(connection: Connection, FunctionName: string, Qualifier?: string): Promise<FunctionUrlInfo | undefined> {
  const { GetFunctionUrlConfigCommand } = await loadLambdaSdk();
  try {
    const config = await (await getLambdaClient(connection, 'control')).send(new GetFunctionUrlConfigCommand({ FunctionName, Qualifier }));
    return config.FunctionUrl ? { url: config.FunctionUrl, invokeMode: config.InvokeMode ?? 'BUFFERED' } : undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
