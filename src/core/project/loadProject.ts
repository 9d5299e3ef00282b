/**
 * Finds and reads a project from a path a user gives (`serve --project DIR`, the extension's setting): a folder or
 * file with a SAM template (`template.yaml`, `template.yml`, `template.json`, also inside `.aws-sam/build`), a CDK
 * cloud assembly (`cdk.out`, or a folder holding one: every `*.template.json`), or a Serverless Framework service
 * (`serverless.yml`). SAM `--env-vars` overrides apply as SAM applies them: only to variables the template declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCfnYaml } from './cfnYaml';
import { isDirectory, isFile } from './handlerModule';
import { readServerless } from './serverless';
import { readTemplate } from './template';
import type { LoadedProject, ProjectFunction, ProjectKind, ProjectOptions, ProjectProblem } from './types';

const SAM_TEMPLATES = ['template.yaml', 'template.yml', 'template.json'];
const SERVERLESS_FILES = ['serverless.yml', 'serverless.yaml'];
const UNSUPPORTED_SERVERLESS = ['serverless.ts', 'serverless.js', 'serverless.json'];

/** What a path holds, or a sentence saying why it is not a project. */
export function detectProject(target: string): { kind: ProjectKind; files: string[] } | { error: string } {
  const resolved = path.resolve(target);
  if (isFile(resolved)) {
    const base = path.basename(resolved);
    if (SERVERLESS_FILES.includes(base)) return { kind: 'serverless', files: [resolved] };
    if (UNSUPPORTED_SERVERLESS.includes(base))
      return {
        error: `${resolved}: Local reads serverless.yml only; a ${path.extname(base)} service file is not supported`,
      };
    if (base.endsWith('.template.json')) return { kind: 'cdk', files: [resolved] };
    if (/\.(ya?ml|json)$/.test(base)) return { kind: 'sam', files: [resolved] };
    return { error: `${resolved} is not a template (template.yaml), a cdk.out folder or a serverless.yml` };
  }
  if (!isDirectory(resolved)) return { error: `${resolved} does not exist` };
  for (const name of SAM_TEMPLATES) {
    if (isFile(path.join(resolved, name))) return { kind: 'sam', files: [path.join(resolved, name)] };
  }
  for (const name of SERVERLESS_FILES) {
    if (isFile(path.join(resolved, name))) return { kind: 'serverless', files: [path.join(resolved, name)] };
  }
  const assembly = cdkTemplates(resolved);
  if (assembly.length > 0) return { kind: 'cdk', files: assembly };
  const nested = cdkTemplates(path.join(resolved, 'cdk.out'));
  if (nested.length > 0) return { kind: 'cdk', files: nested };
  for (const name of UNSUPPORTED_SERVERLESS) {
    if (isFile(path.join(resolved, name)))
      return {
        error: `${path.join(resolved, name)}: Local reads serverless.yml only; a ${path.extname(name)} service file is not supported`,
      };
  }
  return {
    error: `${resolved} holds no template.yaml or template.yml (SAM), cdk.out (CDK, run cdk synth first) or serverless.yml`,
  };
}

/** Reads the project at `target`. Never throws: a path that is no project yields one error problem. */
export function loadProject(target: string, options: ProjectOptions = {}): LoadedProject {
  const detected = detectProject(target);
  if ('error' in detected) {
    return {
      kind: 'sam',
      files: [],
      functions: [],
      problems: [{ file: path.resolve(target), line: 1, column: 1, severity: 'error', message: detected.error }],
    };
  }
  const functions: ProjectFunction[] = [];
  const problems: ProjectProblem[] = [];
  const envVarNames = new Map<string, Set<string>>();
  for (const file of detected.files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({
        file,
        line: 1,
        column: 1,
        severity: 'error',
        message: `cannot be read (${(error as Error).message})`,
      });
      continue;
    }
    const parsed = parseCfnYaml(text);
    const read =
      detected.kind === 'serverless'
        ? { ...readServerless(parsed, file, options), envVarNames: undefined }
        : readTemplate(parsed, file, options);
    problems.push(...read.problems);
    for (const fn of read.functions) {
      const existing = functions.find((item) => item.name === fn.name);
      if (existing) {
        problems.push({
          file,
          line: fn.line,
          column: 1,
          severity: 'warning',
          message: `${fn.name} is also declared in ${path.basename(existing.file)}; this one is not served`,
        });
        continue;
      }
      functions.push(fn);
    }
    for (const [name, declared] of read.envVarNames ?? []) envVarNames.set(name, declared);
  }
  const withOverrides = options.envVarsFile
    ? applyEnvVars(functions, envVarNames, options.envVarsFile, problems)
    : functions;
  return { kind: detected.kind, files: detected.files, functions: withOverrides, problems };
}

/** The `*.template.json` files of a CDK cloud assembly (and of its nested stage assemblies). */
function cdkTemplates(dir: string): string[] {
  if (!isFile(path.join(dir, 'manifest.json'))) return [];
  const found: string[] = [];
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (item.isFile() && item.name.endsWith('.template.json')) found.push(path.join(dir, item.name));
    else if (item.isDirectory() && item.name.startsWith('assembly-'))
      found.push(...cdkTemplates(path.join(dir, item.name)));
  }
  return found.sort();
}

/** SAM's `--env-vars` JSON: `Parameters` for every function, then a logical ID's own map; declared variables only. */
function applyEnvVars(
  functions: ProjectFunction[],
  declared: Map<string, Set<string>>,
  file: string,
  problems: ProjectProblem[],
): ProjectFunction[] {
  let overrides: unknown;
  try {
    overrides = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      message: `--env-vars: ${(error as Error).message}; no overrides are applied`,
    });
    return functions;
  }
  if (!isObject(overrides)) {
    problems.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      message: '--env-vars must hold {"Parameters": {…}, "<LogicalId>": {…}}',
    });
    return functions;
  }
  const shared = isObject(overrides.Parameters) ? overrides.Parameters : {};
  const names = new Set(functions.map((fn) => fn.name));
  for (const key of Object.keys(overrides)) {
    if (key !== 'Parameters' && !names.has(key))
      problems.push({
        file,
        line: 1,
        column: 1,
        severity: 'warning',
        message: `--env-vars: ${key} is not a function of the project; its variables are not used`,
      });
  }
  return functions.map((fn) => {
    const own =
      Object.hasOwn(overrides as object, fn.name) && isObject((overrides as Record<string, unknown>)[fn.name])
        ? ((overrides as Record<string, unknown>)[fn.name] as Record<string, unknown>)
        : {};
    const allowed = declared.get(fn.name);
    const environment = { ...(fn.settings.environment ?? {}) };
    for (const [name, value] of [...Object.entries(shared), ...Object.entries(own)]) {
      if (allowed && !allowed.has(name)) {
        if (Object.hasOwn(own, name))
          problems.push({
            file,
            line: 1,
            column: 1,
            severity: 'warning',
            message: `--env-vars: ${fn.name}.${name} is not declared in the function's Environment.Variables, so (as with sam local) it is not set`,
          });
        continue;
      }
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        environment[name] = String(value);
    }
    return Object.keys(environment).length > 0 ? { ...fn, settings: { ...fn.settings, environment } } : fn;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
