/**
 * CloudFormation's intrinsic functions, evaluated locally as far as they can be: parameters (the override, else the
 * `Default`), pseudo parameters, `Ref`/`Fn::GetAtt` of the template's own functions, `Fn::Sub`, `Fn::Join`,
 * `Fn::Select`, `Fn::Split`, `Fn::If` with conditions, `Fn::FindInMap`, `Fn::Base64`, `Fn::ToJsonString`. What has
 * no local value (another stack's export, a table's ARN, an availability zone) becomes {@link UNRESOLVED} and one
 * warning naming where it is, so the caller leaves that property out instead of guessing or failing.
 */
import type { ValuePath } from './cfnYaml';

/** The value of an expression that cannot be computed here. */
export const UNRESOLVED = Symbol('unresolved');
/** `!Ref AWS::NoValue`: the property is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** What a template's expressions can refer to. */
export interface ResolveScope {
  /** Parameter values after overrides; a parameter without one is absent. */
  readonly parameters: ReadonlyMap<string, unknown>;
  /** The template's resources by logical ID (only `Type` is read here). */
  readonly resources: ReadonlyMap<string, { readonly Type?: unknown }>;
  readonly conditions: ReadonlyMap<string, unknown>;
  readonly mappings: ReadonlyMap<string, unknown>;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** Logical IDs served as functions: `Ref` gives their name, `GetAtt .Arn` their ARN. */
  readonly functionNames: ReadonlySet<string>;
  /** Receives each problem once, with the path of the value it is about. */
  warn(path: ValuePath, message: string): void;
}

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/** Evaluates template values against one scope. */
export class IntrinsicResolver {
  private readonly conditionValues = new Map<string, boolean | typeof UNRESOLVED>();

  constructor(private readonly scope: ResolveScope) {}

  /** The value with every intrinsic evaluated; UNRESOLVED or NO_VALUE when the whole value has none. */
  resolve(value: unknown, path: ValuePath): unknown {
    if (Array.isArray(value)) {
      const items = value.map((item, index) => this.resolve(item, [...path, index]));
      if (items.includes(UNRESOLVED)) return UNRESOLVED;
      return items.filter((item) => item !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && isIntrinsic(keys[0])) return this.evaluate(keys[0], value[keys[0]], path);
    const object: Record<string, unknown> = {};
    for (const key of keys) {
      const resolved = this.resolve(value[key], [...path, key]);
      if (resolved === NO_VALUE || resolved === UNRESOLVED) continue;
      Object.defineProperty(object, key, { value: resolved, enumerable: true, writable: true, configurable: true });
    }
    return object;
  }

  /** A condition's truth, or UNRESOLVED when it depends on something unknown. */
  condition(name: string, path: ValuePath): boolean | typeof UNRESOLVED {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    if (!this.scope.conditions.has(name)) {
      this.scope.warn(path, `condition '${name}' is not defined under Conditions`);
      return UNRESOLVED;
    }
    this.conditionValues.set(name, UNRESOLVED);
    const value = this.resolve(this.scope.conditions.get(name), ['Conditions', name]);
    const result = typeof value === 'boolean' ? value : UNRESOLVED;
    this.conditionValues.set(name, result);
    return result;
  }

  private evaluate(name: string, argument: unknown, path: ValuePath): unknown {
    const resolved = () => this.resolve(argument, path);
    switch (name) {
      case 'Ref':
        return this.ref(argument, path);
      case 'Condition':
        return typeof argument === 'string' ? this.condition(argument, path) : UNRESOLVED;
      case 'Fn::GetAtt':
        return this.getAtt(argument, path);
      case 'Fn::Sub':
        return this.sub(argument, path);
      case 'Fn::Join': {
        const list = resolved();
        if (list === UNRESOLVED) return UNRESOLVED;
        const [separator, items] = asArray(list);
        if (typeof separator !== 'string' || !Array.isArray(items)) return this.malformed(name, path);
        return items.some((item) => typeof item === 'object') ? this.malformed(name, path) : items.join(separator);
      }
      case 'Fn::Select': {
        const args = resolved();
        if (args === UNRESOLVED) return UNRESOLVED;
        const [index, items] = asArray(args);
        const list = Array.isArray(items) ? items : undefined;
        const at = Number(index);
        if (!list || !Number.isInteger(at) || at < 0 || at >= list.length) return this.malformed(name, path);
        return list[at];
      }
      case 'Fn::Split': {
        const args = resolved();
        if (args === UNRESOLVED) return UNRESOLVED;
        const [separator, source] = asArray(args);
        if (typeof separator !== 'string' || typeof source !== 'string') return this.malformed(name, path);
        return source.split(separator);
      }
      case 'Fn::If': {
        const [conditionName, whenTrue, whenFalse] = Array.isArray(argument) ? argument : [];
        if (typeof conditionName !== 'string') return this.malformed(name, path);
        const truth = this.condition(conditionName, path);
        if (truth === UNRESOLVED) return UNRESOLVED;
        return this.resolve(truth ? whenTrue : whenFalse, path);
      }
      case 'Fn::Equals': {
        const args = resolved();
        if (args === UNRESOLVED) return UNRESOLVED;
        const [left, right] = asArray(args);
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const args = resolved();
        if (args === UNRESOLVED) return UNRESOLVED;
        const values = asArray(args);
        if (values.some((item) => typeof item !== 'boolean')) return UNRESOLVED;
        return name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::Not': {
        const args = resolved();
        if (args === UNRESOLVED) return UNRESOLVED;
        const [value] = asArray(args);
        return typeof value === 'boolean' ? !value : UNRESOLVED;
      }
      case 'Fn::FindInMap':
        return this.findInMap(argument, path);
      case 'Fn::Base64': {
        const value = resolved();
        return typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : UNRESOLVED;
      }
      case 'Fn::ToJsonString': {
        const value = resolved();
        return value === UNRESOLVED ? UNRESOLVED : JSON.stringify(value);
      }
      case 'Fn::ImportValue':
        return this.unresolved(path, `Fn::ImportValue imports another stack's output, which has no local value`);
      default:
        return this.unresolved(path, `${name} has no local value`);
    }
  }

  private ref(argument: unknown, path: ValuePath): unknown {
    if (typeof argument !== 'string') return this.malformed('Ref', path);
    switch (argument) {
      case 'AWS::Region':
        return this.scope.region;
      case 'AWS::AccountId':
        return this.scope.accountId;
      case 'AWS::StackName':
        return this.scope.stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.scope.region}:${this.scope.accountId}:stack/${this.scope.stackName}/local`;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return [];
    }
    if (this.scope.parameters.has(argument)) return this.scope.parameters.get(argument);
    if (this.scope.functionNames.has(argument)) return argument;
    const resource = this.scope.resources.get(argument);
    if (resource) {
      return this.unresolved(
        path,
        `!Ref ${argument} (${String(resource.Type)}) names a resource that only exists once deployed; give the value with --env-vars`,
      );
    }
    return this.unresolved(path, `!Ref ${argument} names no parameter or resource of this template`);
  }

  private getAtt(argument: unknown, path: ValuePath): unknown {
    const args = this.resolve(argument, path);
    if (args === UNRESOLVED) return UNRESOLVED;
    const [resourceName, attribute] = asArray(args);
    if (typeof resourceName !== 'string' || typeof attribute !== 'string') return this.malformed('Fn::GetAtt', path);
    if (this.scope.functionNames.has(resourceName) && attribute === 'Arn') return this.functionArn(resourceName);
    const resource = this.scope.resources.get(resourceName);
    if (!resource)
      return this.unresolved(path, `!GetAtt ${resourceName}.${attribute} names no resource of this template`);
    const type = String(resource.Type);
    if (FUNCTION_TYPES.has(type) && attribute === 'Arn') return this.functionArn(resourceName);
    return this.unresolved(path, `!GetAtt ${resourceName}.${attribute} (${type}) only exists once deployed`);
  }

  private sub(argument: unknown, path: ValuePath): unknown {
    const [template, variables] = typeof argument === 'string' ? [argument, {}] : asArray(argument);
    if (typeof template !== 'string') return this.malformed('Fn::Sub', path);
    const values = new Map<string, unknown>();
    if (isObject(variables)) {
      for (const [key, value] of Object.entries(variables)) values.set(key, this.resolve(value, path));
    }
    let failed = false;
    const text = template.replace(/\$\{(!?)([^}]*)\}/g, (whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      const key = name.trim();
      let value: unknown;
      if (values.has(key)) value = values.get(key);
      else if (key.includes('.') && !key.startsWith('AWS::')) {
        const dot = key.indexOf('.');
        value = this.getAtt([key.slice(0, dot), key.slice(dot + 1)], path);
      } else value = this.ref(key, path);
      if (value === UNRESOLVED || value === NO_VALUE || typeof value === 'object') {
        failed = true;
        return whole;
      }
      return String(value);
    });
    return failed ? UNRESOLVED : text;
  }

  private findInMap(argument: unknown, path: ValuePath): unknown {
    const args = this.resolve(argument, path);
    if (args === UNRESOLVED) return UNRESOLVED;
    const [mapName, topKey, secondKey] = asArray(args);
    const map = typeof mapName === 'string' ? this.scope.mappings.get(mapName) : undefined;
    const top = isObject(map) && typeof topKey === 'string' && Object.hasOwn(map, topKey) ? map[topKey] : undefined;
    if (!isObject(top) || typeof secondKey !== 'string' || !Object.hasOwn(top, secondKey)) {
      return this.unresolved(
        path,
        `Fn::FindInMap [${String(mapName)}, ${String(topKey)}, ${String(secondKey)}] finds nothing under Mappings`,
      );
    }
    return top[secondKey];
  }

  private functionArn(name: string): string {
    return `arn:aws:lambda:${this.scope.region}:${this.scope.accountId}:function:${name}`;
  }

  private malformed(name: string, path: ValuePath): typeof UNRESOLVED {
    return this.unresolved(path, `${name} has arguments CloudFormation would reject`);
  }

  private unresolved(path: ValuePath, message: string): typeof UNRESOLVED {
    this.scope.warn(path, message);
    return UNRESOLVED;
  }
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
