/**
 * The optional manifest (`lambda-stream.json`, JSON with comments) beside the handler files of a Local functions
 * folder. It declares what Lambda keeps outside the code: timeout, memory, environment, reserved concurrency,
 * published versions, aliases. Every problem is reported with its place (offset, line and column) and the setting is
 * ignored, so one typo never hides the other functions. The Local endpoint reads it; the extension checks it as the
 * person types, so a mistake is a squiggle before anything runs.
 */
import { type Node, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ALIAS_PATTERN, validateAliasName } from './names';

/** The manifest's file name inside a functions folder. */
export const MANIFEST_FILE = 'lambda-stream.json';

/** An alias: the version it points at and its description. */
export interface AliasSettings {
  version: string;
  description?: string;
}

/** What the manifest may say about one function; absent settings take Lambda's defaults. */
export interface FunctionSettings {
  description?: string;
  /** Seconds, 1–900. */
  timeout?: number;
  /** MB, 128–10240. */
  memorySize?: number;
  runtime?: string;
  environment?: Record<string, string>;
  /** 0 disables the function; N allows N concurrent invocations, more get 429. */
  reservedConcurrency?: number;
  /** Published version numbers, e.g. ["1", "2"]. All run the current file. */
  versions?: string[];
  aliases?: Record<string, AliasSettings>;
  /** Overrides detection (source mentions `streamifyResponse`); decides the function-URL InvokeMode. */
  streaming?: boolean;
  /** PER_TENANT isolation: every invocation must carry a TenantId. */
  tenantIsolation?: boolean;
  /** The function URL's AuthType (`AWS_IAM`: requests signed with the session keys, or `NONE`, the default). */
  urlAuthType?: 'AWS_IAM' | 'NONE';
  /** `x86_64` or `arm64` (reported only: handlers run on this machine's architecture). Set by project templates. */
  architectures?: string[];
}

/** One problem, where it is: the JSON value (or syntax error) it is about. */
export interface ManifestProblem {
  /** Zero-based offset and length of the value in the text. */
  readonly offset: number;
  readonly length: number;
  /** One-based. */
  readonly line: number;
  readonly column: number;
  /** What is wrong, e.g. `functions.echo.timeout must be an integer from 1 to 900, not 2.5`. */
  readonly message: string;
}

/** A parsed manifest and the problems found in it. */
export interface ParsedManifest {
  functions: Map<string, FunctionSettings>;
  /** Each problem as one line: `label:line:column: message`. */
  problems: string[];
  /** The same problems, in the same order, with their place in the text. */
  located: ManifestProblem[];
}

/** Checks one property's node, storing the value when valid or returning what is wrong. */
type Rule = (node: Node, into: FunctionSettings) => string | undefined;

const ENV_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
const VERSION_NUMBER = /^[1-9][0-9]*$/;

const integer =
  (min: number, max: number, key: 'timeout' | 'memorySize' | 'reservedConcurrency'): Rule =>
  (node, into) => {
    if (node.type !== 'number' || !Number.isInteger(node.value) || node.value < min || node.value > max) {
      return `must be an integer from ${min} to ${max}, not ${describe(node)}`;
    }
    into[key] = node.value as number;
  };
const text =
  (max: number, key: 'description' | 'runtime'): Rule =>
  (node, into) => {
    if (node.type !== 'string' || node.value.length > max)
      return `must be a string of at most ${max} characters, not ${describe(node)}`;
    into[key] = node.value as string;
  };
const flag =
  (key: 'streaming' | 'tenantIsolation'): Rule =>
  (node, into) => {
    if (node.type !== 'boolean') return `must be true or false, not ${describe(node)}`;
    into[key] = node.value as boolean;
  };

const RULES: Record<Exclude<keyof FunctionSettings, 'architectures'>, Rule> = {
  description: text(256, 'description'),
  runtime: text(64, 'runtime'),
  timeout: integer(1, 900, 'timeout'),
  memorySize: integer(128, 10240, 'memorySize'),
  reservedConcurrency: integer(0, 1000, 'reservedConcurrency'),
  streaming: flag('streaming'),
  tenantIsolation: flag('tenantIsolation'),
  urlAuthType: (node, into) => {
    if (node.value !== 'AWS_IAM' && node.value !== 'NONE') return `must be "AWS_IAM" or "NONE", not ${describe(node)}`;
    into.urlAuthType = node.value;
  },
  environment: (node, into) => {
    if (node.type !== 'object') return `must be an object of string values, not ${describe(node)}`;
    const bad = properties(node).find(([name, value]) => !ENV_NAME.test(name) || value.type !== 'string');
    if (bad) return `.${bad[0]} must be a string under a name matching ${ENV_NAME.source}`;
    into.environment = Object.fromEntries(properties(node).map(([name, value]) => [name, value.value as string]));
  },
  versions: (node, into) => {
    const items = node.type === 'array' ? (node.children ?? []) : [];
    if (node.type !== 'array' || items.some((item) => item.type !== 'string' || !VERSION_NUMBER.test(item.value))) {
      return `must be an array of version numbers as strings, e.g. ["1", "2"], not ${describe(node)}`;
    }
    into.versions = [...new Set(items.map((item) => item.value as string))].sort((a, b) => Number(a) - Number(b));
  },
  aliases: (node, into) => {
    if (node.type !== 'object') return `must be an object mapping alias names to versions, not ${describe(node)}`;
    const aliases: Record<string, AliasSettings> = {};
    for (const [name, value] of properties(node)) {
      if (validateAliasName(name).length > 0)
        return `.${name}: an alias name must match ${ALIAS_PATTERN} and be at most 128 characters`;
      const version = value.type === 'string' ? value : findChild(value, 'version');
      const description = value.type === 'object' ? findChild(value, 'description') : undefined;
      if (version?.type !== 'string' || (description && description.type !== 'string')) {
        return `.${name} must be a version ("2" or "$LATEST") or {"version": "2", "description": "…"}`;
      }
      defineOwn(aliases, name, {
        version: version.value as string,
        ...(description ? { description: description.value as string } : {}),
      });
    }
    into.aliases = aliases;
  },
};

/**
 * The alias of that name, only if the settings define it: alias names are data, so `constructor` or `__proto__`
 * is an alias like any other when defined and unknown when not, never something inherited from Object.
 */
export function aliasOf(settings: FunctionSettings, name: string): AliasSettings | undefined {
  const aliases = settings.aliases;
  return aliases && Object.hasOwn(aliases, name) ? aliases[name] : undefined;
}

/** Sets `key` as an own property, even `__proto__`. */
export function defineOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Parses manifest text; `label` (usually the file path) prefixes every problem line. Never throws. */
export function parseManifest(text: string, label: string): ParsedManifest {
  const functions = new Map<string, FunctionSettings>();
  const located: ManifestProblem[] = [];
  const problem = (offset: number, length: number, message: string) => {
    const before = text.slice(0, offset).split('\n');
    located.push({ offset, length, line: before.length, column: before[before.length - 1].length + 1, message });
  };
  const done = (): ParsedManifest => ({
    functions,
    located,
    problems: located.map((item) => `${label}:${item.line}:${item.column}: ${item.message}`),
  });
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    problem(
      first?.offset ?? 0,
      first?.length ?? 0,
      `not valid JSON (${first ? printParseErrorCode(first.error) : 'empty file'})`,
    );
    return done();
  }
  const list = root.type === 'object' ? findChild(root, 'functions') : undefined;
  if (!list || list.type !== 'object') {
    const node = list ?? root;
    problem(
      node.offset,
      node.length,
      'the manifest must be an object with a "functions" object, e.g. {"functions": {"echo": {"timeout": 10}}}',
    );
    return done();
  }
  for (const [name, node] of properties(list)) {
    if (node.type !== 'object') {
      problem(node.offset, node.length, `functions.${name} must be an object of settings, not ${describe(node)}`);
      continue;
    }
    const settings: FunctionSettings = {};
    for (const [key, value] of properties(node)) {
      const rule = Object.hasOwn(RULES, key) ? (RULES as Record<string, Rule>)[key] : undefined;
      const wrong = rule
        ? rule(value, settings)
        : `is not a setting (expected one of ${Object.keys(RULES).join(', ')})`;
      if (wrong) problem(value.offset, value.length, `functions.${name}.${key} ${wrong}`);
    }
    for (const message of unknownAliasTargets(name, settings)) problem(node.offset, node.length, message);
    functions.set(name, settings);
  }
  return done();
}

/** Drops aliases that point at a version the function does not have, and says so. */
function unknownAliasTargets(name: string, settings: FunctionSettings): string[] {
  const messages: string[] = [];
  for (const [alias, target] of Object.entries(settings.aliases ?? {})) {
    if (target.version !== '$LATEST' && !settings.versions?.includes(target.version)) {
      messages.push(
        `functions.${name}.aliases.${alias} points at version ${target.version}, which is not in "versions"`,
      );
      delete settings.aliases?.[alias];
    }
  }
  return messages;
}

function properties(node: Node): Array<[string, Node]> {
  return (node.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key && value ? [[key.value as string, value] as [string, Node]] : [];
  });
}

function findChild(node: Node, key: string): Node | undefined {
  return properties(node).find(([name]) => name === key)?.[1];
}

function describe(node: Node): string {
  return node.type === 'object' || node.type === 'array' ? `an ${node.type}` : JSON.stringify(node.value);
}
