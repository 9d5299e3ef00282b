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
export function formatFunctionArn(parts: {
  name: string;
  region: string;
  accountId: string;
  partition?: string;
  qualifier?: string;
}): string {
  const base = `arn:${parts.partition ?? 'aws'}:lambda:${parts.region}:${parts.accountId}:function:${parts.name}`;
  return parts.qualifier === undefined ? base : `${base}:${parts.qualifier}`;
}

/** One AWS-style constraint violation text, e.g. `Value 'x!' at 'functionName' failed to satisfy constraint: …`. */
export function violation(value: string, field: string, constraint: string): string {
  return `Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`;
}

function check(value: string, field: string, regex: RegExp, pattern: string, max: number): string[] {
  const found: string[] = [];
  if (!regex.test(value))
    found.push(violation(value, field, `Member must satisfy regular expression pattern: ${pattern}`));
  if (value.length < 1) found.push(violation(value, field, 'Member must have length greater than or equal to 1'));
  if (value.length > max) found.push(violation(value, field, `Member must have length less than or equal to ${max}`));
  return found;
}

/**
 * AWS's violations for a FunctionName (empty when valid). `namespaced` is the Invoke/GetFunction* shape (≤ 256,
 * `.` allowed, `$LATEST.PUBLISHED`); `plain` is the alias/URL shape (≤ 140). The 64-character bare-name limit is not a
 * validation error on AWS (it answers 404); see `MAX_BARE_NAME_LENGTH`.
 */
export function validateFunctionName(
  value: string,
  shape: FunctionNameShape = 'namespaced',
  field = 'functionName',
): string[] {
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
export const QUALIFIER_CONFLICT_MESSAGE =
  'The derived qualifier from the function name does not match the specified qualifier.';

/** The qualifier a request means, or the conflict AWS rejects. */
export type ResolvedQualifier = { ok: true; qualifier: string | undefined } | { ok: false; message: string };

/**
 * Combines the qualifier written in the function name with the `Qualifier` parameter. Both present and different is
 * the conflict AWS rejects with InvalidParameterValueException; otherwise whichever is present (or undefined) wins.
 */
export function resolveQualifier(
  nameQualifier: string | undefined,
  queryQualifier: string | undefined,
): ResolvedQualifier {
  if (nameQualifier !== undefined && queryQualifier !== undefined && nameQualifier !== queryQualifier) {
    return { ok: false, message: QUALIFIER_CONFLICT_MESSAGE };
  }
  return { ok: true, qualifier: nameQualifier ?? queryQualifier };
}

// ── Client-side sentences ────────────────────────────────────────────────────────────────────────────────────────
// The violations above are AWS's own texts (the Local endpoint answers with them). A person who typed a name needs
// to know which part is wrong, so the client says it in one sentence per input; the violations go into the detail.

const NAME_PART = /^[a-zA-Z0-9-_.]+$/;
const NAME_QUALIFIER = /^(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+)$/;
const PARTITION = /^(aws[a-zA-Z-]*)?$/;
const REGION_PART = /^(?:eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}$/;
const ACCOUNT = /^\d{12}$/;
const FULL_ARN_FORM = 'arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]';

/** `'#'`, or `' ' (a space)`, or a `\uXXXX` escape for characters that do not print. */
function showCharacter(char: string): string {
  if (char === ' ') return "' ' (a space)";
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)
    ? `'\\u${code.toString(16).padStart(4, '0')}'`
    : `'${char}'`;
}

/** The first character of `value` that `allowed` (a one-character class) rejects. */
function firstBadCharacter(value: string, allowed: RegExp): string | undefined {
  return [...value].find((char) => !allowed.test(char));
}

function nameProblem(name: string, where: string): string | undefined {
  if (name === '') return `${where} has no function name in it.`;
  if (NAME_PART.test(name)) return undefined;
  const bad = firstBadCharacter(name, /[a-zA-Z0-9\-_.]/);
  return `${where} is not a valid function name: ${showCharacter(bad ?? '')} is not allowed; use letters, digits, hyphens, underscores and periods.`;
}

function embeddedQualifierProblem(qualifier: string, where: string): string | undefined {
  if (NAME_QUALIFIER.test(qualifier)) return undefined;
  if (qualifier === '') return `${where} ends with ':' but names no version or alias after it.`;
  return `${where} has '${qualifier}' after the colon, which is not a version, an alias or $LATEST (letters, digits, hyphens and underscores).`;
}

/**
 * One sentence saying what is wrong with a FunctionName for Invoke or InvokeWithResponseStream, naming the part at
 * fault (a character, the ARN's partition, service, region, account or resource type, the qualifier after the colon,
 * a length limit); undefined when Lambda would accept it. The 64-character limit applies to the name part only.
 */
export function describeFunctionNameProblem(value: string): string | undefined {
  if (value === '') return 'No function name was given.';
  const quoted = `'${value.length > 80 ? `${value.slice(0, 77)}…` : value}'`;
  if (PARSE_NAMESPACED.test(value)) {
    const { name } = parseFunctionName(value);
    if (name.length > MAX_BARE_NAME_LENGTH)
      return `The function name is ${name.length} characters long; Lambda allows at most ${MAX_BARE_NAME_LENGTH}.`;
    if (value.length > MAX_NAMESPACED_FUNCTION_NAME_LENGTH) {
      return `The function name is ${value.length} characters long; Lambda allows at most ${MAX_NAMESPACED_FUNCTION_NAME_LENGTH} for a name or ARN with its qualifier.`;
    }
    return undefined;
  }
  const bad = firstBadCharacter(value, /[a-zA-Z0-9\-_.:$]/);
  if (bad !== undefined) {
    return `${quoted} is not a valid function name: ${showCharacter(bad)} is not allowed; use letters, digits, hyphens, underscores and periods, or an ARN.`;
  }
  const generic = `${quoted} is not a valid function name; use NAME, NAME:QUALIFIER, ACCOUNT:function:NAME or ${FULL_ARN_FORM}.`;
  const parts = value.split(':');
  if (parts[0] === 'arn') {
    if (parts.length < 7 || parts.length > 8)
      return `${quoted} is not a complete Lambda function ARN; the form is ${FULL_ARN_FORM}.`;
    const [, partition, service, region, account, kind, name, qualifier] = parts;
    if (!PARTITION.test(partition)) return `The ARN's partition '${partition}' is not one of aws, aws-cn, aws-us-gov….`;
    if (service !== 'lambda')
      return `The ARN names the service '${service}', not lambda; the form is ${FULL_ARN_FORM}.`;
    if (!REGION_PART.test(region)) return `The ARN's region '${region}' is not a region code like us-east-1.`;
    if (!ACCOUNT.test(account)) return `The ARN's account id '${account}' is not 12 digits.`;
    if (kind !== 'function') return `The ARN names a '${kind}', not a function; the form is ${FULL_ARN_FORM}.`;
    return (
      nameProblem(name, `The ARN's name '${name}'`) ??
      (qualifier === undefined ? undefined : embeddedQualifierProblem(qualifier, 'The ARN')) ??
      generic
    );
  }
  if (parts.length >= 3 && parts[1] === 'function') {
    const [account, , name, qualifier, ...rest] = parts;
    if (!ACCOUNT.test(account)) return `The account id '${account}' in ${quoted} is not 12 digits.`;
    if (rest.length > 0) return `${quoted} has too many parts; the form is ACCOUNT:function:NAME[:QUALIFIER].`;
    return (
      nameProblem(name, quoted) ??
      (qualifier === undefined ? undefined : embeddedQualifierProblem(qualifier, quoted)) ??
      generic
    );
  }
  if (parts.length === 2) return nameProblem(parts[0], quoted) ?? embeddedQualifierProblem(parts[1], quoted) ?? generic;
  if (parts.length === 1) return nameProblem(value, quoted) ?? generic;
  return generic;
}

/** One sentence saying what is wrong with a Qualifier for Invoke or InvokeWithResponseStream; undefined when valid. */
export function describeQualifierProblem(value: string): string | undefined {
  if (validateQualifier(value, 'invoke').length === 0) return undefined;
  if (value === '') return 'The qualifier is empty; give a version number, an alias or $LATEST, or leave it out.';
  const bad = firstBadCharacter(value, /[a-zA-Z0-9\-_$]/);
  if (bad !== undefined) {
    return `'${value}' is not a valid version or alias: ${showCharacter(bad)} is not allowed; use letters, digits, hyphens, underscores and $.`;
  }
  return `The qualifier is ${value.length} characters long; Lambda allows at most ${MAX_QUALIFIER_LENGTH}.`;
}

/** One sentence saying what is wrong with a TenantId; undefined when valid. */
export function describeTenantIdProblem(value: string): string | undefined {
  if (validateTenantId(value).length === 0) return undefined;
  if (value === '') return 'The tenant id is empty; give one or leave it out.';
  const bad = firstBadCharacter(value, /[a-zA-Z0-9._:/=+\-@ ]/);
  if (bad !== undefined) {
    return `'${value.length > 80 ? `${value.slice(0, 77)}…` : value}' is not a valid tenant id: ${showCharacter(bad)} is not allowed; use letters, digits, spaces and . _ : / = + - @.`;
  }
  return `The tenant id is ${value.length} characters long; Lambda allows at most ${MAX_TENANT_ID_LENGTH}.`;
}
