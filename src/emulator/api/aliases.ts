/**
 * ListAliases and GetAlias from the manifest's `aliases`. These operations use the stricter `FunctionName` shape
 * (no `.`, at most 140 characters).
 */
import { validateAliasName, validateVersion } from '../../core/rules/names';
import { resourceNotFound } from '../apiError';
import { aliasOf } from '../../core/rules/manifest';
import { sendJson } from '../responses';
import { type ApiRequest, queryParam } from './apiRequest';
import { aliasConfiguration } from './configuration';
import { takePage } from './paging';
import { functionArn, resolveTarget, type TargetRules } from './target';

const ALIAS_RULES: TargetRules = { nameShape: 'plain', qualifierShape: 'invoke', invoke: false };
const MAX_LIST_ITEMS = 10000;

/** GET /2015-03-31/functions/{name}/aliases[?FunctionVersion=N] */
export function listAliases(request: ApiRequest): void {
  const version = queryParam(request, 'FunctionVersion');
  const { entry } = resolveTarget(request, ALIAS_RULES, version === undefined ? [] : validateVersion(version));
  const aliases = Object.entries(entry.settings.aliases ?? {})
    .filter(([, alias]) => version === undefined || alias.version === version)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, alias]) => aliasConfiguration(request.scope, entry, name, alias));
  const page = takePage(request, aliases, MAX_LIST_ITEMS);
  sendJson(request.res, { Aliases: page.items, ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) });
}

/** GET /2015-03-31/functions/{name}/aliases/{alias} */
export function getAlias(request: ApiRequest): void {
  const nameViolations = validateAliasName(request.aliasName);
  const { entry } = resolveTarget(request, ALIAS_RULES, nameViolations);
  const alias = aliasOf(entry.settings, request.aliasName);
  if (!alias)
    throw resourceNotFound(`Cannot find alias arn: ${functionArn(request.scope, entry.name, request.aliasName)}`);
  sendJson(request.res, aliasConfiguration(request.scope, entry, request.aliasName, alias));
}
