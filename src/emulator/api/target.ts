/**
 * Turns a request's FunctionName label and `Qualifier` into a function and version, checking them as Lambda does:
 * pattern and length violations (400 ValidationException, together with any the operation adds), a qualifier in the
 * name that differs from `Qualifier` (400 InvalidParameterValueException), then unknown functions, versions and
 * aliases, and ARNs naming another account than the endpoint's or another region than the signed one (404
 * ResourceNotFoundException naming the ARN; inferred for the foreign account and region, see docs/local-endpoint.md).
 */
import {
  formatFunctionArn,
  type FunctionNameShape,
  LATEST,
  parseFunctionName,
  type QualifierShape,
  resolveQualifier,
  validateFunctionName,
  validateQualifier,
} from '../../core/rules/names';
import { invalidParameterValue, noPublishedVersion, resourceNotFound, validationError } from '../apiError';
import { aliasOf } from '../../core/rules/manifest';
import type { FunctionEntry } from '../registry';
import { type ApiRequest, queryParam, type Scope } from './apiRequest';

/** How an operation checks its target. */
export interface TargetRules {
  nameShape: FunctionNameShape;
  qualifierShape: QualifierShape;
  /** Invoke-style not-found messages name `:$LATEST` for an unqualified function; GetFunction* do not. */
  invoke: boolean;
}

/** A resolved function. */
export interface Target {
  entry: FunctionEntry;
  /** `$LATEST` or a published version number. */
  version: string;
  /** The qualifier as the caller wrote it (alias, number, `$LATEST`…), if any. */
  qualifier?: string;
}

/** The function ARN in the caller's region, optionally qualified. */
export function functionArn(scope: Scope, name: string, qualifier?: string): string {
  return formatFunctionArn({ name, region: scope.region, accountId: scope.accountId, qualifier });
}

/** Resolves the request's function; `extraViolations` are the operation's own field violations, reported together. */
export function resolveTarget(
  request: ApiRequest,
  rules: TargetRules,
  extraViolations: readonly string[] = [],
): Target {
  const rawName = request.functionName;
  const queryQualifier = queryParam(request, 'Qualifier');
  const violations = [
    ...validateFunctionName(rawName, rules.nameShape),
    ...(queryQualifier === undefined ? [] : validateQualifier(queryQualifier, rules.qualifierShape)),
    ...extraViolations,
  ];
  if (violations.length > 0) throw validationError(violations);
  const parsed = parseFunctionName(rawName);
  const resolved = resolveQualifier(parsed.qualifier, queryQualifier);
  if (!resolved.ok) throw invalidParameterValue(resolved.message);
  const qualifier = resolved.qualifier;
  // The ARN as the caller named it: another account's or region's function is not one this endpoint serves.
  const named = {
    region: parsed.region ?? request.scope.region,
    accountId: parsed.accountId ?? request.scope.accountId,
  };
  const notFound = () =>
    resourceNotFound(
      `Function not found: ${functionArn(named, parsed.name, qualifier ?? (rules.invoke ? LATEST : undefined))}`,
    );
  if (named.region !== request.scope.region || named.accountId !== request.scope.accountId) throw notFound();

  const entry = request.endpoint.registry.get(parsed.name);
  if (!entry) throw notFound();
  const versions = entry.settings.versions ?? [];
  if (qualifier === undefined || qualifier === LATEST) return { entry, version: LATEST, qualifier };
  if (qualifier === `${LATEST}.PUBLISHED`) {
    const newest = versions[versions.length - 1];
    if (newest === undefined)
      throw noPublishedVersion(`The function ${parsed.name} does not have a published version.`);
    return { entry, version: newest, qualifier };
  }
  if (/^\d+$/.test(qualifier)) {
    if (!versions.includes(qualifier)) throw notFound();
    return { entry, version: qualifier, qualifier };
  }
  const alias = aliasOf(entry.settings, qualifier);
  if (!alias) throw notFound();
  return { entry, version: alias.version, qualifier };
}
