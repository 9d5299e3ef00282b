/**
 * The real sources behind the Functions view: profiles from the shared AWS files, and Lambda's listings through
 * src/core/aws/listing.ts (the core's control-plane client, retried, short timeouts; failures classified), read page
 * by page over `NextMarker` so a region with thousands of functions is read only as far as the user scrolls. The
 * view's nodes and the invoke target picker speak the SDK's shapes, so the core's summaries are handed over in them
 * (only the fields the core lists are set).
 */
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import {
  type AliasSummary,
  type FunctionSummary,
  getFunctionUrl,
  listAliases,
  listFunctions,
  listVersions,
  type VersionSummary,
} from '../../core/aws/listing';
import { discoverProfiles } from '../../core/aws/profiles';
import type { TreeSources } from './treeContext';

/** Lambda returns at most 50 per page whatever is asked; asking for 50 keeps the pages the same everywhere. */
const PAGE_SIZE = 50;

/** The sources the extension uses; tests pass their own `TreeSources` to the provider instead. */
export function defaultTreeSources(): TreeSources {
  return {
    profiles: () => discoverProfiles(),
    functions: (connection) => mapped(listFunctions(connection, { pageSize: PAGE_SIZE }), functionConfiguration),
    aliases: (connection, functionName) =>
      mapped(listAliases(connection, functionName, { pageSize: PAGE_SIZE }), aliasConfiguration),
    versions: (connection, functionName) =>
      mapped(listVersions(connection, functionName, { pageSize: PAGE_SIZE }), versionConfiguration),
    functionUrl: (connection, functionName, qualifier) => getFunctionUrl(connection, functionName, qualifier),
  };
}

/** The items of a core listing in another shape; stopping early stops the listing (no further page is requested). */
async function* mapped<S, T>(items: AsyncIterable<S>, map: (item: S) => T): AsyncGenerator<T, void, undefined> {
  for await (const item of items) yield map(item);
}

function functionConfiguration(summary: FunctionSummary): FunctionConfiguration {
  return {
    FunctionName: summary.name,
    FunctionArn: summary.arn,
    Runtime: summary.runtime as FunctionConfiguration['Runtime'],
    Description: summary.description,
    LastModified: summary.lastModified,
    MemorySize: summary.memorySize,
    Timeout: summary.timeout,
    PackageType: summary.packageType as FunctionConfiguration['PackageType'],
    Handler: summary.handler,
  };
}

function aliasConfiguration(summary: AliasSummary): AliasConfiguration {
  return {
    Name: summary.name,
    FunctionVersion: summary.functionVersion,
    AliasArn: summary.arn,
    Description: summary.description,
    RoutingConfig: summary.routingWeights ? { AdditionalVersionWeights: { ...summary.routingWeights } } : undefined,
  };
}

function versionConfiguration(summary: VersionSummary): FunctionConfiguration {
  return {
    Version: summary.version,
    FunctionArn: summary.arn,
    Description: summary.description,
    LastModified: summary.lastModified,
  };
}
