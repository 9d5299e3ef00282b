/**
 * `{{variables}}` in invocation files: `{{name}}` from the invocation's own `@name = value` lines, then the file's,
 * then the chosen environment's (`$shared` under it), and the system variables `{{$env NAME}}` (this process's
 * environment), `{{$uuid}}`, `{{$timestamp}}` (Unix seconds) and `{{$isoTimestamp}}`. A variable's value may use
 * other variables. Substitution keeps a map from the result back to the source, so a JSON error in a substituted
 * payload is reported where the person typed it, and remembers which parts came from `$env` (secrets, never shown).
 */
import { randomUUID } from 'node:crypto';

/** Where a variable's value comes from, for hover and completion. */
export type VariableOrigin = 'invocation' | 'file' | 'environment' | 'system';

/** A value that may itself hold `{{…}}`; `offset` is where its text starts in the file (undefined: not in the file). */
export interface VariableSource {
  readonly value: string;
  readonly origin: VariableOrigin;
  readonly offset?: number;
}

/** Named environments: `{ "$shared": {…}, "dev": {…}, "prod": {…} }`. */
export type Environments = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** What substitution may read. */
export interface VariableScope {
  /** Innermost first: the invocation's, the file's, the environment's. */
  readonly layers: readonly ReadonlyMap<string, VariableSource>[];
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  /** Fixed per run, so one invocation's `{{$uuid}}` is the same in every place it appears. */
  readonly now: Date;
  readonly uuid: string;
}

/** An unknown name, a bad system variable, or a loop, at its place in the file. */
export interface VariableProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/** A value read from the process environment: shown and exported only as its name. */
export interface Secret {
  readonly name: string;
  readonly value: string;
}

/** A substituted text, its source map, and what it holds that must not be shown. */
export interface Substituted {
  readonly text: string;
  readonly problems: readonly VariableProblem[];
  /** Values from `{{$env …}}`, to mask when the text is shown (hover, logs, exports). */
  readonly secrets: readonly Secret[];
  /** Maps an offset in `text` to the file offset it came from. */
  sourceOffset(offset: number): number;
}

const REFERENCE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MAX_DEPTH = 10;

/** A scope with the system variables fixed now. */
export function newScope(
  layers: readonly ReadonlyMap<string, VariableSource>[],
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
): VariableScope {
  return { layers, processEnv, now: new Date(), uuid: randomUUID() };
}

/** The variables of one environment (with `$shared` under it), as a layer. */
export function environmentLayer(environments: Environments, name: string | undefined): Map<string, VariableSource> {
  const layer = new Map<string, VariableSource>();
  const shared = environments.$shared ?? {};
  const chosen = name && Object.hasOwn(environments, name) ? environments[name] : {};
  for (const values of [shared, chosen])
    for (const [key, value] of Object.entries(values)) layer.set(key, { value: String(value), origin: 'environment' });
  return layer;
}

/** The environment names a person may choose (`$shared` is not one). */
export function environmentNames(environments: Environments): string[] {
  return Object.keys(environments).filter((name) => name !== '$shared');
}

/** Replaces every `{{…}}` in `text` (found at file offset `offset`; undefined when it is not in the file). */
export function substitute(text: string, offset: number | undefined, scope: VariableScope): Substituted {
  const problems: VariableProblem[] = [];
  const secrets: Secret[] = [];
  // Segments of the result, each with where it starts in the result and in `text`; a substituted one maps to its `{{`.
  const segments: { out: number; src: number; length: number; literal: boolean }[] = [];
  let out = '';
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const at = match.index;
    segments.push({ out: out.length, src: last, length: at - last, literal: true });
    out += text.slice(last, at);
    const value = resolveReference(match[1], scope, 0, new Set(), secrets);
    const place = { offset: (offset ?? 0) + at, length: match[0].length };
    if (typeof value === 'string') {
      segments.push({ out: out.length, src: at, length: match[0].length, literal: false });
      out += value;
    } else {
      if (offset !== undefined) problems.push({ ...place, message: value.problem });
      segments.push({ out: out.length, src: at, length: match[0].length, literal: false });
      out += match[0];
    }
    last = at + match[0].length;
  }
  segments.push({ out: out.length, src: last, length: text.length - last, literal: true });
  out += text.slice(last);
  const base = offset ?? 0;
  return {
    text: out,
    problems,
    secrets: secrets.filter((secret) => secret.value.length > 0),
    sourceOffset(position: number): number {
      let segment = segments[0];
      for (const candidate of segments) if (candidate.out <= position) segment = candidate;
      if (!segment.literal) return base + segment.src;
      return base + segment.src + Math.min(position - segment.out, segment.length);
    },
  };
}

/** The names a `{{` may complete to, innermost first, each once. */
export function variableNames(scope: Pick<VariableScope, 'layers'>): { name: string; source: VariableSource }[] {
  const seen = new Map<string, VariableSource>();
  for (const layer of scope.layers) for (const [name, source] of layer) if (!seen.has(name)) seen.set(name, source);
  return [...seen].map(([name, source]) => ({ name, source }));
}

/** The system variables, for completion and the README. */
export const SYSTEM_VARIABLES = ['$env NAME', '$uuid', '$timestamp', '$isoTimestamp'] as const;

function resolveReference(
  expression: string,
  scope: VariableScope,
  depth: number,
  resolving: Set<string>,
  secrets: Secret[],
): string | { problem: string } {
  if (expression.startsWith('$')) return systemVariable(expression, scope, secrets);
  const source = lookup(expression, scope);
  if (!source)
    return {
      problem: `{{${expression}}} is not defined: add @${expression} = value, or define it in the environment.`,
    };
  if (resolving.has(expression) || depth >= MAX_DEPTH)
    return { problem: `{{${expression}}} refers to itself through other variables.` };
  resolving.add(expression);
  let failure: string | undefined;
  const value = source.value.replace(REFERENCE, (whole, inner: string) => {
    const resolved = resolveReference(inner, scope, depth + 1, resolving, secrets);
    if (typeof resolved === 'string') return resolved;
    failure ??= `{{${expression}}} uses ${whole}, which ${resolved.problem.replace(/^\{\{[^}]*\}\} /, '')}`;
    return whole;
  });
  resolving.delete(expression);
  return failure ? { problem: failure } : value;
}

function lookup(name: string, scope: VariableScope): VariableSource | undefined {
  for (const layer of scope.layers) {
    const found = layer.get(name);
    if (found) return found;
  }
  return undefined;
}

function systemVariable(expression: string, scope: VariableScope, secrets: Secret[]): string | { problem: string } {
  const [name, ...args] = expression.split(/\s+/);
  switch (name) {
    case '$env':
    case '$processEnv': {
      if (args.length !== 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(args[0]))
        return { problem: `{{${expression}}} needs one environment variable name, e.g. {{$env API_TOKEN}}.` };
      const value = scope.processEnv[args[0]];
      if (value === undefined) return { problem: `{{${expression}}}: the environment variable ${args[0]} is not set.` };
      secrets.push({ name: args[0], value });
      return value;
    }
    case '$uuid':
    case '$guid':
      return scope.uuid;
    case '$timestamp':
      return String(Math.floor(scope.now.getTime() / 1000));
    case '$isoTimestamp':
      return scope.now.toISOString();
    default:
      return { problem: `{{${expression}}} is not a system variable (${SYSTEM_VARIABLES.join(', ')}).` };
  }
}
