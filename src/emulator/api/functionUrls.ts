/**
 * GetFunctionUrlConfig and ListFunctionUrlConfigs. A function with a URL (a template's FunctionUrlConfig or
 * AWS::Lambda::Url, or in a folder a streaming handler) has one unqualified URL, served by this endpoint (see
 * functionUrl.ts); other functions have none and get Lambda's "The resource you requested does not exist." 404.
 */
import { resourceNotFound } from '../apiError';
import { sendJson } from '../responses';
import type { ApiRequest } from './apiRequest';
import { functionUrlConfig } from './configuration';
import { takePage } from './paging';
import { resolveTarget, type TargetRules } from './target';

const URL_RULES: TargetRules = { nameShape: 'plain', qualifierShape: 'url', invoke: false };
/** MaxItems ceiling of ListFunctionUrlConfigs in the model. */
const MAX_URL_ITEMS = 50;

function urlConfigs(request: ApiRequest): { configs: Record<string, unknown>[]; qualified: boolean } {
  const target = resolveTarget(request, URL_RULES);
  const code = request.endpoint.registry.codeInfo(target.entry);
  const hasUrl = code !== undefined && (target.entry.settings.streaming !== undefined || code.streaming);
  const configs = hasUrl ? [functionUrlConfig(request.scope, target.entry, code, request.endpoint)] : [];
  return { configs, qualified: target.qualifier !== undefined };
}

/** GET /2021-10-31/functions/{name}/url */
export function getFunctionUrlConfig(request: ApiRequest): void {
  const { configs, qualified } = urlConfigs(request);
  if (configs.length === 0 || qualified) throw resourceNotFound('The resource you requested does not exist.');
  sendJson(request.res, configs[0]);
}

/** GET /2021-10-31/functions/{name}/urls: always a `FunctionUrlConfigs` array, empty when there is none. */
export function listFunctionUrlConfigs(request: ApiRequest): void {
  const page = takePage(request, urlConfigs(request).configs, MAX_URL_ITEMS);
  sendJson(request.res, {
    FunctionUrlConfigs: page.items,
    ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
  });
}
