/**
 * The functions of a Serverless Framework service (`serverless.yml`): each key under `functions:` is a function,
 * with `handler`, `runtime`, `timeout`, `memorySize`, `environment`, `description`, `reservedConcurrency`,
 * `architecture` and `url: {invokeMode: RESPONSE_STREAM}` over the `provider:` defaults. Variables resolve where
 * they can (`${self:…}`, `${env:…}`, `${opt:stage}`, `${opt:region}`, `${sls:stage}`, `${aws:region}`,
 * `${aws:accountId}`, with `, fallback`); others (`${ssm:…}`, `${cf:…}`, `${file(…)}`) leave their value out with a
 * warning. Container images and packaged artifacts are named as unsupported.
 */
import * as path from 'node:path';
import { MAX_BARE_NAME_LENGTH } from '../rules/names';
import type { FunctionSettings } from '../rules/manifest';
import type { ParsedYaml, ValuePath } from './cfnYaml';
import { findHandlerModule, isModuleScope, splitHandler } from './handlerModule';
import type { ProjectFunction, ProjectOptions, ProjectProblem } from './types';

const BARE_NAME = /^[a-zA-Z0-9-_]+$/;
const VARIABLE = /\$\{([^{}]+)\}/;
const UNRESOLVED = Symbol('unresolved');

/** Reads a parsed serverless.yml at `file`. */
export function readServerless(
  parsed: ParsedYaml,
  file: string,
  options: ProjectOptions = {},
): { functions: ProjectFunction[]; problems: ProjectProblem[] } {
  const problems: ProjectProblem[] = [];
  const problem = (severity: ProjectProblem['severity'], at: ValuePath, message: string) => {
    const place = parsed.locate(at);
    const text = `${at.map(String).join('.')}: ${message}`;
    if (!problems.some((item) => item.message === text))
      problems.push({ file, line: place.line, column: place.column, severity, message: text });
  };
  for (const error of parsed.errors)
    problems.push({ file, ...error.place, severity: 'error', message: `not valid YAML: ${error.message}` });
  const service = parsed.value;
  const functions: ProjectFunction[] = [];
  if (!isObject(service) || !isObject(service.functions)) {
    if (parsed.errors.length === 0) problem('error', [], 'a serverless.yml needs a functions: map');
    return { functions, problems };
  }
  const provider = isObject(service.provider) ? service.provider : {};
  if (provider.name !== undefined && provider.name !== 'aws')
    problem(
      'warning',
      ['provider', 'name'],
      `provider ${String(provider.name)} is not aws; the functions are read as AWS Lambda functions`,
    );
  let stage: string | undefined;
  let region: string | undefined;
  // provider.stage is often `${opt:stage, 'dev'}` itself, so it resolves with the variables below, once.
  const stageOf = (): string => {
    if (stage === undefined) {
      stage = options.stage ?? '';
      const value = options.stage ?? resolve(provider.stage ?? 'dev', ['provider', 'stage']);
      stage = typeof value === 'string' && value ? value : 'dev';
    }
    return stage;
  };
  const regionOf = (): string => {
    if (region === undefined) {
      region = options.region ?? '';
      const value = options.region ?? resolve(provider.region ?? 'us-east-1', ['provider', 'region']);
      region = typeof value === 'string' && value ? value : 'us-east-1';
    }
    return region;
  };
  const resolveVariable = (expression: string, at: ValuePath, depth: number): unknown => {
    for (const alternative of splitFallbacks(expression)) {
      const value = variableValue(alternative.trim(), at, depth);
      if (value !== UNRESOLVED && value !== undefined) return value;
    }
    problem('warning', at, `\${${expression}} has no local value; the value is left out`);
    return UNRESOLVED;
  };
  const variableValue = (source: string, at: ValuePath, depth: number): unknown => {
    const quoted = /^(['"])(.*)\1$/.exec(source);
    if (quoted) return quoted[2];
    if (/^-?\d+(\.\d+)?$/.test(source)) return Number(source);
    const [kind, ...rest] = source.split(':');
    const name = rest.join(':');
    switch (kind) {
      case 'self': {
        if (name === 'provider.stage') return stageOf();
        if (name === 'provider.region') return regionOf();
        const value = name
          .split('.')
          .reduce<unknown>(
            (node, key) => (isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined),
            service,
          );
        return value === undefined ? undefined : resolve(value, at, depth + 1);
      }
      case 'env':
        return process.env[name];
      case 'opt':
        return name === 'stage' ? options.stage : name === 'region' ? options.region : undefined;
      case 'sls':
        return name === 'stage' ? stageOf() : name === 'instanceId' ? 'local' : undefined;
      case 'aws':
        return name === 'region'
          ? regionOf()
          : name === 'accountId'
            ? (options.accountId ?? '123456789012')
            : undefined;
      default:
        return undefined;
    }
  };
  const resolve = (value: unknown, at: ValuePath, depth = 0): unknown => {
    if (depth > 10) return UNRESOLVED;
    if (typeof value === 'string') {
      const whole = /^\$\{([^{}]+)\}$/.exec(value);
      if (whole) return resolveVariable(whole[1], at, depth);
      let text = value;
      for (let match = VARIABLE.exec(text); match; match = VARIABLE.exec(text)) {
        const part = resolveVariable(match[1], at, depth);
        if (part === UNRESOLVED || typeof part === 'object') return UNRESOLVED;
        text = text.slice(0, match.index) + String(part) + text.slice(match.index + match[0].length);
      }
      return text;
    }
    if (Array.isArray(value)) {
      const items = value.map((item, index) => resolve(item, [...at, index], depth));
      return items.includes(UNRESOLVED) ? UNRESOLVED : items;
    }
    if (isObject(value)) {
      const object: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const resolved = resolve(item, [...at, key], depth);
        if (resolved !== UNRESOLVED) object[key] = resolved;
      }
      return object;
    }
    return value;
  };
  for (const plugin of Array.isArray(service.plugins) ? service.plugins : []) {
    if (plugin === 'serverless-esbuild' || plugin === 'serverless-plugin-typescript') continue;
    problem('warning', ['plugins'], `plugin ${String(plugin)} is not run locally`);
  }
  const serviceDir = path.dirname(file);
  const defaults = resolve(provider, ['provider']) as Record<string, unknown>;
  for (const [key, raw] of Object.entries(service.functions)) {
    const at: ValuePath = ['functions', key];
    if (!isObject(raw)) {
      problem('error', at, 'must be a map with a handler');
      continue;
    }
    if (!BARE_NAME.test(key) || key.length > MAX_BARE_NAME_LENGTH) {
      problem('error', at, `is not a usable function name (at most ${MAX_BARE_NAME_LENGTH} letters, digits, - and _)`);
      continue;
    }
    const fn = resolve(raw, at) as Record<string, unknown>;
    if (fn.image !== undefined) {
      problem('warning', at, 'is a container-image function; Local runs zip functions with a Node.js runtime only');
      continue;
    }
    if (isObject(fn.package) && fn.package.artifact !== undefined) {
      problem(
        'warning',
        [...at, 'package', 'artifact'],
        'a packaged artifact is not unpacked locally; the handler is looked up in the service folder',
      );
    }
    const runtime = stringOr(fn.runtime, stringOr(defaults.runtime, ''));
    if (!runtime) {
      problem('error', at, 'has no runtime (set provider.runtime, e.g. nodejs22.x)');
      continue;
    }
    if (!runtime.startsWith('nodejs')) {
      problem('warning', at, `${runtime} is not a Node.js runtime; Local serves Node.js functions only`);
      continue;
    }
    const handler = fn.handler;
    const split = typeof handler === 'string' ? splitHandler(handler) : undefined;
    if (typeof handler !== 'string' || !split) {
      problem(
        'error',
        [...at, 'handler'],
        `must be file.export (e.g. handler.stream), not ${JSON.stringify(handler ?? null)}`,
      );
      continue;
    }
    const found = findHandlerModule(serviceDir, split.modulePath);
    if (!found)
      problem(
        'warning',
        [...at, 'handler'],
        `${split.modulePath}.js, .mjs, .cjs or .ts does not exist; invoking it fails until it does`,
      );
    const settings: FunctionSettings = { runtime };
    const timeout = Number(fn.timeout ?? defaults.timeout ?? 6);
    if (Number.isInteger(timeout) && timeout >= 1 && timeout <= 900) settings.timeout = timeout;
    else problem('warning', [...at, 'timeout'], `must be an integer from 1 to 900; 6 (Serverless's default) is used`);
    settings.timeout ??= 6;
    const memory = Number(fn.memorySize ?? defaults.memorySize ?? 1024);
    if (Number.isInteger(memory) && memory >= 128 && memory <= 10240) settings.memorySize = memory;
    const environment = { ...stringMap(defaults.environment), ...stringMap(fn.environment) };
    if (Object.keys(environment).length > 0) settings.environment = environment;
    if (typeof fn.description === 'string') settings.description = fn.description.slice(0, 256);
    if (Number.isInteger(fn.reservedConcurrency)) settings.reservedConcurrency = fn.reservedConcurrency as number;
    const architecture = fn.architecture ?? defaults.architecture;
    if (typeof architecture === 'string') settings.architectures = [architecture];
    if (isObject(fn.url) && typeof fn.url.invokeMode === 'string')
      settings.streaming = fn.url.invokeMode === 'RESPONSE_STREAM';
    else if (fn.url === true) settings.streaming = false;
    const format = found?.typescript && (found.file.endsWith('.mts') || isModuleScope(found.file)) ? 'esm' : 'cjs';
    functions.push({
      name: key,
      codeRoot: serviceDir,
      handler,
      moduleFile: found?.file ?? path.resolve(serviceDir, `${split.modulePath}.js`),
      exportName: split.exportName,
      ...(found?.typescript
        ? {
            build: {
              entry: found.file,
              format,
              target: 'node20',
              external: [],
              outputName: `${split.modulePath}${format === 'esm' ? '.mjs' : '.js'}`,
            },
          }
        : {}),
      layers: [],
      settings,
      file,
      line: parsed.locate(at).line,
    });
  }
  return { functions, problems };
}

/** `a, b, 'c'` → the alternatives of a variable, outside quotes. */
function splitFallbacks(expression: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (const character of expression) {
    if (quote) {
      if (character === quote) quote = '';
    } else if (character === '"' || character === "'") quote = character;
    else if (character === ',') {
      parts.push(current);
      current = '';
      continue;
    }
    current += character;
  }
  parts.push(current);
  return parts;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') result[key] = String(item);
  }
  return result;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value ? value : fallback;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
