/**
 * ListFunctions, GetFunction, GetFunctionConfiguration and ListVersionsByFunction over the functions folder.
 * Published versions (manifest `versions`) run the current file, so they share its code facts.
 */
import { pathToFileURL } from 'node:url';
import { LATEST, violation } from '../../core/rules/names';
import { resourceNotFound, validationError } from '../apiError';
import type { FunctionEntry } from '../registry';
import { sendJson } from '../responses';
import { type ApiRequest, queryParam } from './apiRequest';
import { functionConfiguration } from './configuration';
import { takePage } from './paging';
import { functionArn, resolveTarget, type TargetRules } from './target';

const READ_RULES: TargetRules = { nameShape: 'namespaced', qualifierShape: 'invoke', invoke: false };
/** MaxItems ceiling of ListFunctions and ListVersionsByFunction in the model (pages still hold at most 50). */
const MAX_LIST_ITEMS = 10000;

interface Listed {
  entry: FunctionEntry;
  version: string;
  arnQualifier?: string;
}

/** GET /2015-03-31/functions: every function's $LATEST, or with FunctionVersion=ALL every version too. */
export function listFunctions(request: ApiRequest): void {
  const functionVersion = queryParam(request, 'FunctionVersion');
  if (functionVersion !== undefined && functionVersion !== 'ALL') {
    throw validationError([violation(functionVersion, 'functionVersion', 'Member must satisfy enum value set: [ALL]')]);
  }
  const listed: Listed[] = request.endpoint.registry
    .list()
    .flatMap((entry) => (functionVersion === 'ALL' ? allVersions(entry) : [{ entry, version: LATEST }]));
  const page = takePage(request, listed, MAX_LIST_ITEMS);
  sendJson(request.res, {
    Functions: configurations(request, page.items),
    ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
  });
}

/** GET /2015-03-31/functions/{name}/versions: $LATEST then each published version, qualified ARNs. */
export function listVersionsByFunction(request: ApiRequest): void {
  const { entry } = resolveTarget(request, READ_RULES);
  const page = takePage(request, allVersions(entry), MAX_LIST_ITEMS);
  sendJson(request.res, {
    Versions: configurations(request, page.items),
    ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
  });
}

/** GET /2015-03-31/functions/{name}/configuration */
export function getFunctionConfiguration(request: ApiRequest): void {
  sendJson(request.res, targetConfiguration(request).configuration);
}

/** GET /2015-03-31/functions/{name}: configuration plus code location (a file: URL locally) and concurrency. */
export function getFunction(request: ApiRequest): void {
  const { entry, configuration } = targetConfiguration(request);
  const reserved = entry.settings.reservedConcurrency;
  sendJson(request.res, {
    Configuration: configuration,
    Code: { RepositoryType: 'S3', Location: pathToFileURL(entry.file).href },
    ...(reserved === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: reserved } }),
  });
}

function targetConfiguration(request: ApiRequest): { entry: FunctionEntry; configuration: Record<string, unknown> } {
  const { entry, version, qualifier } = resolveTarget(request, READ_RULES);
  const code = request.endpoint.registry.codeInfo(entry);
  if (!code) throw resourceNotFound(`Function not found: ${functionArn(request.scope, entry.name, qualifier)}`);
  return {
    entry,
    configuration: functionConfiguration(request.scope, {
      entry,
      code,
      version,
      arnQualifier: qualifier,
      detailed: true,
    }),
  };
}

function allVersions(entry: FunctionEntry): Listed[] {
  return [LATEST, ...(entry.settings.versions ?? [])].map((version) => ({ entry, version, arnQualifier: version }));
}

/** List entries leave out the state fields, as ListFunctions does. */
function configurations(request: ApiRequest, listed: Listed[]): Record<string, unknown>[] {
  return listed.flatMap(({ entry, version, arnQualifier }) => {
    const code = request.endpoint.registry.codeInfo(entry);
    return code ? [functionConfiguration(request.scope, { entry, code, version, arnQualifier, detailed: false })] : [];
  });
}
