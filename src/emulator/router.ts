/**
 * Maps Lambda's REST routes to operations. Paths are split on `/` before percent-decoding, so a name the SDK sent as
 * `arn%3Aaws%3A…` or with an encoded `/` stays one label; any prefix before the API date is ignored (the SDK keeps the
 * path of a custom endpoint such as `http://127.0.0.1:PORT/prefix`).
 */
import { getAlias, listAliases } from './api/aliases';
import type { ApiHandler } from './api/apiRequest';
import { getFunction, getFunctionConfiguration, listFunctions, listVersionsByFunction } from './api/functions';
import { getFunctionUrlConfig, listFunctionUrlConfigs } from './api/functionUrls';
import { invoke } from './api/invoke';
import { invokeWithResponseStream } from './api/invokeWithResponseStream';

/** A matched route: the operation and its decoded labels. */
export interface RouteMatch {
  handler: ApiHandler;
  functionName: string;
  aliasName: string;
}

interface Route {
  method: 'GET' | 'POST';
  /** Segments after the date; `{name}` and `{alias}` are labels. */
  path: string[];
  handler: ApiHandler;
}

const route = (method: Route['method'], path: string, handler: ApiHandler): Route => ({
  method,
  path: path.split('/'),
  handler,
});

const ROUTES: Route[] = [
  route('GET', '2015-03-31/functions', listFunctions),
  route('GET', '2015-03-31/functions/', listFunctions),
  route('GET', '2015-03-31/functions/{name}', getFunction),
  route('GET', '2015-03-31/functions/{name}/configuration', getFunctionConfiguration),
  route('GET', '2015-03-31/functions/{name}/versions', listVersionsByFunction),
  route('GET', '2015-03-31/functions/{name}/aliases', listAliases),
  route('GET', '2015-03-31/functions/{name}/aliases/{alias}', getAlias),
  route('POST', '2015-03-31/functions/{name}/invocations', invoke),
  route('POST', '2021-11-15/functions/{name}/response-streaming-invocations', invokeWithResponseStream),
  route('GET', '2021-10-31/functions/{name}/url', getFunctionUrlConfig),
  route('GET', '2021-10-31/functions/{name}/urls', listFunctionUrlConfigs),
];

const API_DATES = new Set(['2015-03-31', '2021-11-15', '2021-10-31']);

/** Finds the operation for a method and raw (still encoded) path, or undefined. */
export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
  const all = rawPath.split('/');
  const start = all.findIndex((segment) => API_DATES.has(segment));
  if (start < 0) return undefined;
  const segments = all.slice(start);
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.path.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matches = candidate.path.every((part, index) => {
      if (part !== '{name}' && part !== '{alias}') return part === segments[index];
      labels[part] = decode(segments[index]);
      return true;
    });
    if (matches)
      return { handler: candidate.handler, functionName: labels['{name}'] ?? '', aliasName: labels['{alias}'] ?? '' };
  }
  return undefined;
}

/** Percent-decodes a label; malformed escapes stay as written and then fail the name pattern like AWS. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
