/**
 * Lambda's naming rules (FunctionName, Qualifier, alias, TenantId) and request limits, shared by the client, which
 * checks input before it spends a request, and the Local endpoint, which must reject bad input exactly as AWS does.
 * Patterns and limits come from the service model (botocore `lambda/2015-03-31/service-2.json`); AWS anchors every
 * pattern to the whole value. No `vscode`, no emulator code.
 */

/** `NamespacedFunctionName` (Invoke, InvokeWithResponseStream, GetFunction*, ListVersionsByFunction), as AWS prints it. */
export const NAMESPACED_FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
/** `FunctionName` (aliases and function-URL operations): no `.` in the name and only `$LATEST` as a keyword qualifier. */
export const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
/** Qualifier of Invoke, InvokeWithResponseStream and GetFunction* (`NumericLatestPublishedOrAliasQualifier`). */
export const QUALIFIER_PATTERN = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';
/** Qualifier of the function-URL operations: an alias only (not a number, not `$LATEST`). */
export const FUNCTION_URL_QUALIFIER_PATTERN = '((?!^\\d+$)^[0-9a-zA-Z-_]+$)';
/** Alias name. */
export const ALIAS_PATTERN = '(?!^[0-9]+$)([a-zA-Z0-9-_]+)';
/** Published version or `$LATEST` (e.g. ListAliases' `FunctionVersion`). */
export const VERSION_PATTERN = '(\\$LATEST|[0-9]+)';
/** TenantId of multi-tenant functions. */
export const TENANT_ID_PATTERN = '[a-zA-Z0-9\\._:\\/=+\\-@ ]+';

/** Longest NamespacedFunctionName (name, partial or full ARN, with qualifier). */
export const MAX_NAMESPACED_FUNCTION_NAME_LENGTH = 256;
/** Longest FunctionName of the alias and URL operations. */
export const MAX_FUNCTION_NAME_LENGTH = 140;
/** Longest bare function name. AWS answers a longer one with 404 (not a validation error) on Invoke and GetFunction. */
export const MAX_BARE_NAME_LENGTH = 64;
/** Longest qualifier, alias name or URL qualifier. */
export const MAX_QUALIFIER_LENGTH = 128;
/** Longest version (the model's `Version` shape). */
export const MAX_VERSION_LENGTH = 1024;
/** Longest TenantId. */
export const MAX_TENANT_ID_LENGTH = 256;
/** Largest synchronous request payload (RequestEntityTooLargeException above it). */
export const MAX_SYNC_PAYLOAD_BYTES = 6291456;
/** Largest asynchronous (`Event`) request payload. */
export const MAX_ASYNC_PAYLOAD_BYTES = 1048576;
/** Largest buffered response (Function.ResponseSizeTooLarge above it). */
export const MAX_SYNC_RESPONSE_BYTES = 6291556;
/** Largest streamed response Lambda documents (200 MB). */
export const MAX_STREAMING_RESPONSE_BYTES = 200 * 1024 * 1024;
/** Largest `ClientContext` header: base64 text of a JSON object. */
export const MAX_CLIENT_CONTEXT_BYTES = 3583;
/** The qualifier every unqualified name resolves to. */
export const LATEST = '$LATEST';

/** A function name taken apart; absent parts were not written. */
export interface ParsedFunctionName {
  name: string;
  qualifier?: string;
  region?: string;
  accountId?: string;
  partition?: string;
}

/** Which model shape a FunctionName is checked against. */
export type FunctionNameShape = 'namespaced' | 'plain';
/** Which model shape a Qualifier is checked against: data-plane/GetFunction* or function-URL operations. */
export type QualifierShape = 'invoke' | 'url';

// Matching regexes, anchored like AWS. The region part also accepts the `eusc-` prefix AWS takes today.
const REGION = '((?:eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?';
const PARSE_NAMESPACED = new RegExp(
  `^(arn:(aws[a-zA-Z-]*)?:lambda:)?${REGION}(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$`,
);
const PARSE_PLAIN = new RegExp(
  `^(arn:(aws[a-zA-Z-]*)?:lambda:)?${REGION}(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?$`,
);
const anchored = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const QUALIFIER = anchored(QUALIFIER_PATTERN);
const URL_QUALIFIER = anchored(FUNCTION_URL_QUALIFIER_PATTERN);
const ALIAS = anchored(ALIAS_PATTERN);
const VERSION = anchored(VERSION_PATTERN);
const TENANT_ID = anchored(TENANT_ID_PATTERN);

/**
 * Splits a bare name, `name:qualifier`, a partial ARN (`123456789012:function:name[:q]`) or a full ARN into its parts.
 * It does not validate: input that matches no form comes back whole as `name` (check it with `validateFunctionName`).
 */
export function parseFunctionName(input: string): ParsedFunctionName {
  const match = PARSE_NAMESPACED.exec(input);
  if (!match) return { name: input };
  const parsed: ParsedFunctionName = { name: match[10] };
  if (match[1] !== undefined) parsed.partition = match[2] ?? '';
  if (match[3] !== undefined) parsed.region = match[3].slice(0, -1);
  if (match[8] !== undefined) parsed.accountId = match[8].slice(0, -1);
  if (match[12] !== undefined) parsed.qualifier = match[12];
  return parsed;
}

/** Builds `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`, the ARN form AWS reports. */
export function formatFunctionArn(parts: { name: string; region: string; accountId: string; partition?: string; qualifier?: string }): string {
  const base = `arn:${parts.partition ?? 'aws'}:lambda:${parts.region}:${parts.accountId}:function:${parts.name}`;
  return parts.qualifier === undefined ? base : `${base}:${parts.qualifier}`;
}

/** One AWS-style constraint violation text, e.g. `Value 'x!' at 'functionName' failed to satisfy constraint: …`. */
export function violation(value: string, field: string, constraint: string): string {
  return `Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`;
}

function check(value: string, field: string, regex: RegExp, pattern: string, max: number): string[] {
  const found: string[] = [];
  if (!regex.test(value)) found.push(violation(value, field, `Member must satisfy regular expression pattern: ${pattern}`));
  if (value.length < 1) found.push(violation(value, field, 'Member must have length greater than or equal to 1'));
  if (value.length > max) found.push(violation(value, field, `Member must have length less than or equal to ${max}`));
  return found;
}

/**
 * AWS's violations for a FunctionName (empty when valid). `namespaced` is the Invoke/GetFunction* shape (≤ 256,
 * `.` allowed, `$LATEST.PUBLISHED`); `plain` is the alias/URL shape (≤ 140). The 64-character bare-name limit is not a
 * validation error on AWS (it answers 404); see `MAX_BARE_NAME_LENGTH`.
 */
export function validateFunctionName(value: string, shape: FunctionNameShape = 'namespaced', field = 'functionName'): string[] {
  return shape === 'namespaced'
    ? check(value, field, PARSE_NAMESPACED, NAMESPACED_FUNCTION_NAME_PATTERN, MAX_NAMESPACED_FUNCTION_NAME_LENGTH)
    : check(value, field, PARSE_PLAIN, FUNCTION_NAME_PATTERN, MAX_FUNCTION_NAME_LENGTH);
}

/** AWS's violations for a Qualifier: `invoke` for Invoke/IWRS/GetFunction*, `url` for the function-URL operations. */
export function validateQualifier(value: string, shape: QualifierShape = 'invoke', field = 'qualifier'): string[] {
  return shape === 'invoke'
    ? check(value, field, QUALIFIER, QUALIFIER_PATTERN, MAX_QUALIFIER_LENGTH)
    : check(value, field, URL_QUALIFIER, FUNCTION_URL_QUALIFIER_PATTERN, MAX_QUALIFIER_LENGTH);
}

/** AWS's violations for an alias name (GetAlias `{Name}`). */
export function validateAliasName(value: string, field = 'name'): string[] {
  return check(value, field, ALIAS, ALIAS_PATTERN, MAX_QUALIFIER_LENGTH);
}

/** AWS's violations for a version (`$LATEST` or a number), e.g. ListAliases' `FunctionVersion`. */
export function validateVersion(value: string, field = 'functionVersion'): string[] {
  return check(value, field, VERSION, VERSION_PATTERN, MAX_VERSION_LENGTH);
}

/** AWS's violations for a TenantId. */
export function validateTenantId(value: string, field = 'tenantId'): string[] {
  return check(value, field, TENANT_ID, TENANT_ID_PATTERN, MAX_TENANT_ID_LENGTH);
}

/** The ValidationException message: `1 validation error detected: a` or `N validation errors detected: a; b`. */
export function formatValidationMessage(violations: readonly string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

/** The InvalidParameterValueException message AWS sends when the name's qualifier and `Qualifier` differ. */
export const QUALIFIER_CONFLICT_MESSAGE = 'The derived qualifier from the function name does not match the specified qualifier.';

/** The qualifier a request means, or the conflict AWS rejects. */
export type ResolvedQualifier = { ok: true; qualifier: string | undefined } | { ok: false; message: string };

/**
 * Combines the qualifier written in the function name with the `Qualifier` parameter. Both present and different is
 * the conflict AWS rejects with InvalidParameterValueException; otherwise whichever is present (or undefined) wins.
 */
export function resolveQualifier(nameQualifier: string | undefined, queryQualifier: string | undefined): ResolvedQualifier {
  if (nameQualifier !== undefined && queryQualifier !== undefined && nameQualifier !== queryQualifier) {
    return { ok: false, message: QUALIFIER_CONFLICT_MESSAGE };
  }
  return { ok: true, qualifier: nameQualifier ?? queryQualifier };
}
