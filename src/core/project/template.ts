/**
 * The functions of one SAM or CloudFormation template (a CDK stack's synthesized template is one too): every
 * `AWS::Serverless::Function` and `AWS::Lambda::Function` with a Node.js runtime, named by its logical ID, with
 * `Globals.Function` merged under SAM functions, intrinsics resolved where they can be (see intrinsics.ts), function
 * URLs' `InvokeMode`, `AWS::Lambda::Alias` resources and `AutoPublishAlias`, local layers, and SAM's esbuild metadata.
 * Every problem is a warning (a value left out) or an error (a function left out) at its line; nothing throws.
 */
import * as path from 'node:path';
import { MAX_BARE_NAME_LENGTH } from '../rules/names';
import { type AliasSettings, defineOwn, type FunctionSettings } from '../rules/manifest';
import type { ParsedYaml, ValuePath } from './cfnYaml';
import { findHandlerModule, isDirectory, isFile, isModuleScope, splitHandler } from './handlerModule';
import { IntrinsicResolver, NO_VALUE, UNRESOLVED } from './intrinsics';
import type { BuildSpec, ProjectFunction, ProjectOptions, ProjectProblem } from './types';

const SAM_FUNCTION = 'AWS::Serverless::Function';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
const BARE_NAME = /^[a-zA-Z0-9-_]+$/;
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT = '123456789012';
/** Properties read from a function; the others (policies, events, roles…) mean nothing locally and are not evaluated. */
const READ_PROPERTIES = [
  'CodeUri',
  'InlineCode',
  'Code',
  'Handler',
  'Runtime',
  'Timeout',
  'MemorySize',
  'Environment',
  'AutoPublishAlias',
  'FunctionUrlConfig',
  'Description',
  'ReservedConcurrentExecutions',
  'Architectures',
  'PackageType',
  'ImageUri',
];

/** The template's functions, and its problems; `file` is the template's path (relative paths start at its folder). */
export function readTemplate(
  parsed: ParsedYaml,
  file: string,
  options: ProjectOptions = {},
): { functions: ProjectFunction[]; problems: ProjectProblem[]; envVarNames: Map<string, Set<string>> } {
  const problems: ProjectProblem[] = [];
  const said = new Set<string>();
  const problem = (severity: ProjectProblem['severity'], at: ValuePath, message: string) => {
    const place = parsed.locate(at);
    const line = `${dotted(at)}: ${message}`;
    if (said.has(line)) return;
    said.add(line);
    problems.push({ file, line: place.line, column: place.column, severity, message: line });
  };
  for (const error of parsed.errors) {
    problems.push({ file, ...error.place, severity: 'error', message: `not valid YAML: ${error.message}` });
  }
  const template = parsed.value;
  const functions: ProjectFunction[] = [];
  const envVarNames = new Map<string, Set<string>>();
  if (!isObject(template) || !isObject(template.Resources)) {
    if (parsed.errors.length === 0)
      problem('error', [], 'a template needs a Resources map of logical IDs to resources');
    return { functions, problems, envVarNames };
  }
  const resources = ownEntries(template.Resources).filter(([, resource]) => isObject(resource)) as [
    string,
    Record<string, unknown>,
  ][];
  const resourceMap = new Map(resources);
  const functionIds = new Set(
    resources
      .filter(([, resource]) => [SAM_FUNCTION, LAMBDA_FUNCTION].includes(String(resource.Type)))
      .map(([id]) => id),
  );
  const resolver = new IntrinsicResolver({
    parameters: parameterValues(template, options, problem),
    resources: resourceMap,
    conditions: new Map(ownEntries(template.Conditions)),
    mappings: new Map(ownEntries(template.Mappings)),
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? DEFAULT_ACCOUNT,
    stackName: 'local',
    functionNames: functionIds,
    warn: (at, message) => problem('warning', at, message),
  });
  const templateDir = path.dirname(file);
  const globals = isObject(template.Globals) && isObject(template.Globals.Function) ? template.Globals.Function : {};
  const urls = functionUrls(resources);
  const aliases = aliasResources(resources, resolver);

  for (const id of functionIds) {
    const resource = resourceMap.get(id) as Record<string, unknown>;
    const at: ValuePath = ['Resources', id];
    if (
      typeof resource.Condition === 'string' &&
      resolver.condition(resource.Condition, [...at, 'Condition']) === false
    )
      continue;
    if (!BARE_NAME.test(id) || id.length > MAX_BARE_NAME_LENGTH) {
      problem(
        'error',
        at,
        `the logical ID is not a usable function name (at most ${MAX_BARE_NAME_LENGTH} letters, digits, - and _); the function is not served`,
      );
      continue;
    }
    const sam = resource.Type === SAM_FUNCTION;
    const properties = isObject(resource.Properties) ? resource.Properties : {};
    const read = (key: string): unknown => {
      const own = Object.hasOwn(properties, key)
        ? resolver.resolve(properties[key], [...at, 'Properties', key])
        : UNRESOLVED;
      const global =
        sam && Object.hasOwn(globals, key) ? resolver.resolve(globals[key], ['Globals', 'Function', key]) : UNRESOLVED;
      return mergeGlobal(global, own);
    };
    const value = Object.fromEntries(READ_PROPERTIES.map((key) => [key, read(key)]));
    const propertyPath = (key: string): ValuePath =>
      Object.hasOwn(properties, key) || !sam || !Object.hasOwn(globals, key)
        ? [...at, 'Properties', key]
        : ['Globals', 'Function', key];

    if (value.PackageType === 'Image' || value.ImageUri !== undefined) {
      problem('warning', at, 'is a container-image function; Local runs zip functions with a Node.js runtime only');
      continue;
    }
    const runtime = value.Runtime;
    if (typeof runtime !== 'string') {
      problem('error', propertyPath('Runtime'), 'has no Runtime (e.g. nodejs22.x); the function is not served');
      continue;
    }
    if (!runtime.startsWith('nodejs')) {
      problem(
        'warning',
        propertyPath('Runtime'),
        `${runtime} is not a Node.js runtime; Local serves Node.js functions only`,
      );
      continue;
    }
    const codeRoot = codeFolder(value, sam, resource, templateDir, at, problem);
    if (codeRoot === undefined) continue;
    const handler = value.Handler;
    const split = typeof handler === 'string' ? splitHandler(handler) : undefined;
    if (typeof handler !== 'string' || !split) {
      problem(
        'error',
        propertyPath('Handler'),
        `must be file.export (e.g. index.handler), not ${JSON.stringify(handler ?? null)}`,
      );
      continue;
    }
    const metadata = isObject(resource.Metadata) ? resolver.resolve(resource.Metadata, [...at, 'Metadata']) : {};
    const module = moduleOf(codeRoot, split.modulePath, metadata, [...at, 'Metadata'], problem);
    if (!module) {
      problem(
        'warning',
        propertyPath('Handler'),
        `${handler}: ${path.relative(templateDir, path.join(codeRoot, split.modulePath)) || split.modulePath}.js, .mjs, .cjs or .ts does not exist; invoking it fails until it does`,
      );
    }
    const settings: FunctionSettings = { runtime };
    number(value.Timeout, 1, 900, propertyPath('Timeout'), problem, (n) => (settings.timeout = n));
    number(value.MemorySize, 128, 10240, propertyPath('MemorySize'), problem, (n) => (settings.memorySize = n));
    number(
      value.ReservedConcurrentExecutions,
      0,
      1000,
      propertyPath('ReservedConcurrentExecutions'),
      problem,
      (n) => (settings.reservedConcurrency = n),
    );
    if (typeof value.Description === 'string') settings.description = value.Description.slice(0, 256);
    if (Array.isArray(value.Architectures)) settings.architectures = value.Architectures.map(String);
    const declared = new Set<string>();
    const environment = environmentOf(properties, sam ? globals : {}, value.Environment, declared);
    if (environment) settings.environment = environment;
    envVarNames.set(id, declared);
    const url = isObject(value.FunctionUrlConfig) ? value.FunctionUrlConfig : urls.get(id);
    if (url) {
      const mode = url.InvokeMode ?? 'BUFFERED';
      if (mode === 'RESPONSE_STREAM' || mode === 'BUFFERED') settings.streaming = mode === 'RESPONSE_STREAM';
      settings.urlAuthType = url.AuthType === 'NONE' ? 'NONE' : 'AWS_IAM';
    }
    const aliasSettings = { ...(aliases.get(id) ?? {}) };
    if (typeof value.AutoPublishAlias === 'string' && value.AutoPublishAlias)
      defineOwn(aliasSettings, value.AutoPublishAlias, { version: '1' });
    if (Object.keys(aliasSettings).length > 0) {
      settings.versions = ['1'];
      settings.aliases = aliasSettings;
    }
    functions.push({
      name: id,
      codeRoot,
      handler,
      moduleFile: module?.file ?? path.resolve(codeRoot, `${split.modulePath}.js`),
      exportName: split.exportName,
      ...(module?.build ? { build: module.build } : {}),
      layers: layerFolders(
        sam ? globals.Layers : undefined,
        properties.Layers,
        resourceMap,
        resolver,
        templateDir,
        propertyPath('Layers'),
        problem,
      ),
      settings,
      file,
      line: parsed.locate(at).line,
    });
  }
  return { functions, problems, envVarNames };
}

type Report = (severity: ProjectProblem['severity'], at: ValuePath, message: string) => void;

/** Parameter values: `--parameter-overrides` over each `Default`; list types become lists. */
function parameterValues(
  template: Record<string, unknown>,
  options: ProjectOptions,
  problem: Report,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const declared = new Map(ownEntries(template.Parameters));
  for (const [name, declaration] of declared) {
    const override =
      options.parameterOverrides && Object.hasOwn(options.parameterOverrides, name)
        ? options.parameterOverrides[name]
        : undefined;
    const raw = override ?? (isObject(declaration) ? declaration.Default : undefined);
    if (raw === undefined) continue;
    const type = isObject(declaration) ? String(declaration.Type ?? 'String') : 'String';
    values.set(
      name,
      type === 'CommaDelimitedList' || type.startsWith('List<')
        ? String(raw)
            .split(',')
            .map((item) => item.trim())
        : raw,
    );
  }
  for (const name of Object.keys(options.parameterOverrides ?? {})) {
    if (!declared.has(name))
      problem('warning', ['Parameters'], `--parameter-overrides names ${name}, which the template does not declare`);
  }
  for (const [name] of declared) {
    if (!values.has(name))
      problem('warning', ['Parameters', name], `has no Default; give it with --parameter-overrides ${name}=value`);
  }
  return values;
}

/** Globals under a function's own value: maps merge (the function's keys win), lists join, scalars are replaced. */
function mergeGlobal(global: unknown, own: unknown): unknown {
  if (own === UNRESOLVED || own === NO_VALUE) return global === UNRESOLVED || global === NO_VALUE ? undefined : global;
  if (global === UNRESOLVED || global === NO_VALUE) return own;
  if (Array.isArray(global) && Array.isArray(own)) return [...global, ...own];
  if (isObject(global) && isObject(own)) {
    const merged: Record<string, unknown> = { ...global };
    for (const [key, value] of Object.entries(own))
      merged[key] = Object.hasOwn(global, key) ? mergeGlobal(global[key], value) : value;
    return merged;
  }
  return own;
}

/** The code folder: SAM `CodeUri` (default: the template's folder), or a CDK asset folder for `AWS::Lambda::Function`. */
function codeFolder(
  value: Record<string, unknown>,
  sam: boolean,
  resource: Record<string, unknown>,
  templateDir: string,
  at: ValuePath,
  problem: Report,
): string | undefined {
  if (value.InlineCode !== undefined || (isObject(value.Code) && value.Code.ZipFile !== undefined)) {
    problem(
      'error',
      at,
      'has inline code (InlineCode / Code.ZipFile), which Local does not run; move it to a file under CodeUri',
    );
    return undefined;
  }
  let folder: unknown;
  if (sam) folder = value.CodeUri ?? '.';
  else {
    const asset = isObject(resource.Metadata) ? resource.Metadata['aws:asset:path'] : undefined;
    folder = typeof asset === 'string' ? asset : undefined;
  }
  if (typeof folder !== 'string' || folder.startsWith('s3://')) {
    problem(
      'error',
      [...at, 'Properties', sam ? 'CodeUri' : 'Code'],
      'points at code in S3; Local needs the code in a folder (a local CodeUri, or a cdk.out asset folder)',
    );
    return undefined;
  }
  const resolved = path.resolve(templateDir, folder);
  if (isFile(resolved)) {
    problem(
      'error',
      [...at, 'Properties', 'CodeUri'],
      `${folder} is a file; Local needs the folder the handler lives in (unzip it, or point CodeUri at the sources)`,
    );
    return undefined;
  }
  if (!isDirectory(resolved)) {
    problem(
      'error',
      [...at, 'Properties', sam ? 'CodeUri' : 'Code'],
      `${folder} does not exist (looked for ${resolved})`,
    );
    return undefined;
  }
  return resolved;
}

/** The module to run and, for TypeScript or SAM's esbuild build method, how to bundle it. */
function moduleOf(
  codeRoot: string,
  modulePath: string,
  metadata: unknown,
  at: ValuePath,
  problem: Report,
): { file: string; build?: BuildSpec } | undefined {
  const properties = isObject(metadata) && isObject(metadata.BuildProperties) ? metadata.BuildProperties : {};
  const esbuild = isObject(metadata) && metadata.BuildMethod === 'esbuild';
  const format =
    properties.Format === 'esm'
      ? 'esm'
      : properties.Format === 'cjs' || properties.Format === undefined
        ? undefined
        : null;
  if (format === null) problem('warning', [...at, 'BuildProperties', 'Format'], `must be esm or cjs; cjs is used`);
  const target = typeof properties.Target === 'string' ? properties.Target : 'node20';
  const external = Array.isArray(properties.External) ? properties.External.map(String) : [];
  if (esbuild) {
    const entries = Array.isArray(properties.EntryPoints) ? properties.EntryPoints.map(String) : [];
    const wanted = path.basename(modulePath);
    const entry =
      entries.find((item) => stripExtension(item) === modulePath) ??
      entries.find((item) => path.basename(stripExtension(item)) === wanted) ??
      entries[0];
    const file = entry ? path.resolve(codeRoot, entry) : findHandlerModule(codeRoot, modulePath)?.file;
    if (!file || !isFile(file)) {
      if (entry)
        problem('error', [...at, 'BuildProperties', 'EntryPoints'], `${entry} does not exist under ${codeRoot}`);
      return undefined;
    }
    const chosen = format ?? 'cjs';
    return {
      file,
      build: {
        entry: file,
        format: chosen,
        target,
        external,
        outputName: `${modulePath}${chosen === 'esm' ? '.mjs' : '.js'}`,
      },
    };
  }
  const found = findHandlerModule(codeRoot, modulePath);
  if (!found?.typescript) return found;
  const chosen = format ?? (found.file.endsWith('.mts') || isModuleScope(found.file) ? 'esm' : 'cjs');
  return {
    file: found.file,
    build: {
      entry: found.file,
      format: chosen,
      target,
      external,
      outputName: `${modulePath}${chosen === 'esm' ? '.mjs' : '.js'}`,
    },
  };
}

/** Variables as strings (numbers and booleans as CloudFormation passes them); names of unresolved ones in `declared` too. */
function environmentOf(
  properties: Record<string, unknown>,
  globals: Record<string, unknown>,
  resolved: unknown,
  declared: Set<string>,
): Record<string, string> | undefined {
  for (const source of [globals, properties]) {
    const variables = isObject(source.Environment) ? source.Environment.Variables : undefined;
    if (isObject(variables)) for (const name of Object.keys(variables)) declared.add(name);
  }
  const variables = isObject(resolved) ? resolved.Variables : undefined;
  if (!isObject(variables)) return undefined;
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      environment[name] = String(value);
  }
  return environment;
}

/** Each function's `AWS::Lambda::Url` properties, by the logical ID its `TargetFunctionArn` refers to. */
function functionUrls(resources: [string, Record<string, unknown>][]): Map<string, Record<string, unknown>> {
  const urls = new Map<string, Record<string, unknown>>();
  for (const [, resource] of resources) {
    if (resource.Type !== 'AWS::Lambda::Url' || !isObject(resource.Properties)) continue;
    const target = referencedFunction(resource.Properties.TargetFunctionArn);
    if (target) urls.set(target, resource.Properties);
  }
  return urls;
}

/** `AWS::Lambda::Alias` resources (CDK's `fn.addAlias('live')`), as aliases of version 1 of their function. */
function aliasResources(
  resources: [string, Record<string, unknown>][],
  resolver: IntrinsicResolver,
): Map<string, Record<string, AliasSettings>> {
  const aliases = new Map<string, Record<string, AliasSettings>>();
  for (const [id, resource] of resources) {
    if (resource.Type !== 'AWS::Lambda::Alias' || !isObject(resource.Properties)) continue;
    const target = referencedFunction(resource.Properties.FunctionName);
    const name = resolver.resolve(resource.Properties.Name, ['Resources', id, 'Properties', 'Name']);
    if (!target || typeof name !== 'string') continue;
    const description = resource.Properties.Description;
    aliases.set(target, {
      ...(aliases.get(target) ?? {}),
      [name]: { version: '1', ...(typeof description === 'string' ? { description } : {}) },
    });
  }
  return aliases;
}

/** The logical ID in `!Ref Fn`, `!GetAtt Fn.Arn` or `!Sub ${Fn.Arn}`, if the value is one of those. */
function referencedFunction(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  const sub = value['Fn::Sub'];
  const match = typeof sub === 'string' ? /^\$\{([A-Za-z0-9]+)(\.Arn)?\}$/.exec(sub) : null;
  return match?.[1];
}

/** Local layer folders: `!Ref` of an `AWS::Serverless::LayerVersion` (ContentUri) or a CDK layer asset. ARNs are named. */
function layerFolders(
  globalLayers: unknown,
  ownLayers: unknown,
  resources: Map<string, Record<string, unknown>>,
  resolver: IntrinsicResolver,
  templateDir: string,
  at: ValuePath,
  problem: Report,
): string[] {
  const folders: string[] = [];
  const all = [...(Array.isArray(globalLayers) ? globalLayers : []), ...(Array.isArray(ownLayers) ? ownLayers : [])];
  for (const layer of all) {
    const id = isObject(layer) && typeof layer.Ref === 'string' ? layer.Ref : undefined;
    const resource = id ? resources.get(id) : undefined;
    if (resource) {
      const properties = isObject(resource.Properties) ? resource.Properties : {};
      const asset = isObject(resource.Metadata) ? resource.Metadata['aws:asset:path'] : undefined;
      const content = resolver.resolve(properties.ContentUri ?? asset, [
        'Resources',
        id as string,
        'Properties',
        'ContentUri',
      ]);
      const folder = typeof content === 'string' ? path.resolve(templateDir, content) : undefined;
      if (folder && isDirectory(folder)) folders.push(folder);
      else
        problem(
          'warning',
          ['Resources', id as string],
          `layer ${id} has no local folder (ContentUri); its packages are not available locally`,
        );
      continue;
    }
    const arn = resolver.resolve(layer, at);
    if (typeof arn === 'string')
      problem(
        'warning',
        at,
        `layer ${arn} is not available locally; install what the handler needs from it in the project (npm install …)`,
      );
  }
  return folders;
}

function number(
  value: unknown,
  min: number,
  max: number,
  at: ValuePath,
  problem: Report,
  set: (value: number) => void,
): void {
  if (value === undefined) return;
  const parsed = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isInteger(parsed) && parsed >= min && parsed <= max) set(parsed);
  else
    problem(
      'warning',
      at,
      `must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}; Lambda's default is used`,
    );
}

function stripExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]s$/, '');
}

function ownEntries(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dotted(at: ValuePath): string {
  return at.map(String).join('.');
}
