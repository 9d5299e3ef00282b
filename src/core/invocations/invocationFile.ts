/**
 * An invocation file as a whole: its syntax, its environments (`lambda-stream.env.json` beside it, over those the
 * caller gives, e.g. from settings), and every invocation resolved or with its problems. What the extension's
 * diagnostics, CodeLens and hover and the CLI's `run` all read.
 */
import * as path from 'node:path';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { positionAt } from '../rules/payload';
import { type InvocationProblem, type ResolveContext, type ResolvedInvocation, resolveInvocation } from './resolve';
import { type InvocationBlock, type InvocationFileSyntax, parseInvocationFile } from './syntax';
import type { Environments } from './variables';

/** The file beside an invocation file that holds its environments. */
export const ENVIRONMENTS_FILE = 'lambda-stream.env.json';
/** The extension of invocation files. */
export const INVOCATION_FILE_EXTENSION = '.invoke';

/** One invocation of a file: where it is, and what it resolved to. */
export interface FileInvocation {
  readonly block: InvocationBlock;
  readonly invocation?: ResolvedInvocation;
  readonly problems: readonly InvocationProblem[];
}

/** A file, read. */
export interface LoadedInvocationFile {
  readonly syntax: InvocationFileSyntax;
  readonly invocations: readonly FileInvocation[];
  /** Syntax problems and every invocation's, in file order. */
  readonly problems: readonly InvocationProblem[];
  readonly environments: Environments;
  /** A problem in `lambda-stream.env.json`, as one sentence naming its line and column. */
  readonly environmentsProblem?: string;
}

/** How to read a file. */
export interface LoadOptions {
  /** The file's absolute path (its folder holds the environments file and referenced payloads). */
  readonly filePath: string;
  /** Environments from elsewhere (settings); the environments file's win, name by name. */
  readonly environments?: Environments;
  readonly environment?: string;
  readonly readFile: (absolutePath: string) => Uint8Array;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}

/** Reads and resolves every invocation of `text`. */
export function loadInvocationFile(text: string, options: LoadOptions): LoadedInvocationFile {
  const syntax = parseInvocationFile(text);
  const baseDir = path.dirname(options.filePath);
  const fromFile = readEnvironments(baseDir, options.readFile);
  const environments = mergeEnvironments(options.environments ?? {}, fromFile.environments);
  const context: ResolveContext = {
    baseDir,
    environments,
    environment: options.environment,
    readFile: options.readFile,
    processEnv: options.processEnv,
  };
  const invocations = syntax.blocks.map((block) => ({ block, ...resolveInvocation(syntax, block, context) }));
  // A file variable's problem is found by every invocation that resolves the file's variables: keep it once.
  const seen = new Set<string>();
  const problems = [
    ...syntax.problems.map((problem) => ({ ...problem, severity: 'error' as const })),
    ...invocations.flatMap((invocation) => invocation.problems),
  ]
    .filter((problem) => {
      const key = `${problem.offset}|${problem.length}|${problem.message}`;
      return !seen.has(key) && seen.add(key) !== undefined;
    })
    .sort((a, b) => a.offset - b.offset);
  return { syntax, invocations, problems, environments, environmentsProblem: fromFile.problem };
}

/** The invocation a position falls in (the block whose range holds it). */
export function invocationAt(file: LoadedInvocationFile, offset: number): FileInvocation | undefined {
  return file.invocations.find(({ block }) => offset >= block.offset && offset <= block.end);
}

/** Reads `lambda-stream.env.json` in `dir` (JSON with comments); none is no environments. */
export function readEnvironments(
  dir: string,
  readFile: (absolutePath: string) => Uint8Array,
): { environments: Environments; problem?: string } {
  let text: string;
  try {
    text = Buffer.from(readFile(path.join(dir, ENVIRONMENTS_FILE))).toString('utf8');
  } catch {
    return { environments: {} };
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const { line, column } = positionAt(text, errors[0].offset);
    return {
      environments: {},
      problem: `${ENVIRONMENTS_FILE} line ${line}, column ${column}: ${printParseErrorCode(errors[0].error)}; its environments are not used.`,
    };
  }
  const checked = checkEnvironments(value);
  return typeof checked === 'string'
    ? { environments: {}, problem: `${ENVIRONMENTS_FILE}: ${checked}; its environments are not used.` }
    : { environments: checked };
}

/** Environments from untrusted JSON (a file, a setting), or a sentence saying what is wrong. */
export function checkEnvironments(value: unknown): Environments | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'it must be an object of environments, e.g. {"$shared": {…}, "dev": {"profile": "dev"}}';
  const environments: Record<string, Record<string, string>> = {};
  for (const [name, variables] of Object.entries(value)) {
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
      return `"${name}" must be an object of variable names to values`;
    const values: Record<string, string> = {};
    for (const [key, item] of Object.entries(variables)) {
      if (typeof item === 'object' && item !== null) return `"${name}.${key}" must be a string, number or boolean`;
      defineOwn(values, key, String(item));
    }
    defineOwn(environments, name, values);
  }
  return environments;
}

/** `over`'s environments over `base`'s, variable by variable. */
export function mergeEnvironments(base: Environments, over: Environments): Environments {
  const merged: Record<string, Record<string, string>> = {};
  for (const source of [base, over])
    for (const [name, variables] of Object.entries(source)) {
      const into = Object.hasOwn(merged, name) ? merged[name] : {};
      for (const [key, item] of Object.entries(variables)) defineOwn(into, key, item);
      defineOwn(merged, name, into);
    }
  return merged;
}

/** Names are data: `__proto__` or `constructor` is a variable like any other, never the object's prototype. */
function defineOwn<T>(into: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
}
