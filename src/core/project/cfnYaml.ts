/**
 * Reads a CloudFormation or SAM template (YAML, or JSON, which YAML 1.2 includes) into plain values, with the
 * short-form tags (`!Ref X`, `!Sub '…'`, `!GetAtt A.B`, `!If [...]`…) turned into their long forms (`{Ref: X}`,
 * `{'Fn::Sub': '…'}`), as CloudFormation itself does before it reads a template. The parsing is the `yaml` library's;
 * this module walks its syntax tree so that every value keeps its place in the text, for diagnostics at the line.
 * Duplicate keys are allowed (the last wins), as CloudFormation and SAM accept them.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** A place in the template text: zero-based offset, one-based line and column. */
export interface TextPlace {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A key path into the template, e.g. `['Resources', 'Fn', 'Properties', 'Timeout']`. */
export type ValuePath = readonly (string | number)[];

/** A parsed template: its value, where each value is, and what could not be read. */
export interface ParsedYaml {
  /** The whole document as plain values; undefined when it could not be parsed at all. */
  readonly value: unknown;
  /** Where the value at `path` (or its nearest parent that exists) starts. */
  locate(path: ValuePath): TextPlace;
  /** Syntax errors, each at its place; a document with errors still yields what could be read. */
  readonly errors: readonly { readonly place: TextPlace; readonly message: string }[];
}

/** Tags whose long form is a bare key rather than `Fn::…`. */
const BARE_TAGS = new Set(['Ref', 'Condition']);

/** Parses template text. Never throws. */
export function parseCfnYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  const places = new Map<string, number>();
  const placeAt = (offset: number): TextPlace => {
    const { line, col } = lines.linePos(offset);
    return { offset, line, column: col };
  };
  let document;
  try {
    document = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, merge: true });
  } catch (error) {
    return {
      value: undefined,
      locate: () => placeAt(0),
      errors: [{ place: placeAt(0), message: (error as Error).message }],
    };
  }
  const errors = document.errors.map((error) => ({
    place: placeAt(error.pos[0]),
    message: error.message.split('\n')[0],
  }));
  const seen = new Set<Node>();
  const toValue = (node: unknown, path: ValuePath): unknown => {
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (!target || seen.has(target)) return undefined;
      seen.add(target);
      try {
        return toValue(target, path);
      } finally {
        seen.delete(target);
      }
    }
    if (node && typeof node === 'object' && 'range' in node) {
      const range = (node as Node).range;
      if (range) places.set(pathKey(path), range[0]);
    }
    let value: unknown;
    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (key === '<<' && isMap(pair.value)) {
          Object.assign(object, toValue(pair.value, path));
          continue;
        }
        const childPath = [...path, key];
        defineOwn(object, key, toValue(pair.value, childPath));
        // A block map or list starts on the line after its key; the key is where a reader looks for it.
        const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        if (keyStart !== undefined && (isMap(pair.value) || isSeq(pair.value)) && !pair.value.flow)
          places.set(pathKey(childPath), keyStart);
      }
      value = object;
    } else if (isSeq(node)) {
      value = node.items.map((item, index) => toValue(item, [...path, index]));
    } else if (isScalar(node)) {
      value = node.value;
    } else {
      value = node ?? null;
    }
    const tag = (node as { tag?: string } | null)?.tag;
    return tag?.startsWith('!') && !tag.startsWith('!!') ? longForm(tag.slice(1), value) : value;
  };
  const value = document.contents === null ? null : toValue(document.contents, []);
  return {
    value,
    errors,
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const offset = places.get(pathKey(path.slice(0, length)));
        if (offset !== undefined) return placeAt(offset);
      }
      return placeAt(0);
    },
  };
}

/** `{Ref: x}`, `{Condition: x}`, or `{'Fn::Name': value}`; `!GetAtt A.B` becomes `['A', 'B']` as its long form has it. */
function longForm(name: string, value: unknown): Record<string, unknown> {
  if (BARE_TAGS.has(name)) return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

/** Sets a key even when it is `__proto__`, so template keys stay data. */
function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function pathKey(path: ValuePath): string {
  return path.map((part) => String(part)).join('\u0000');
}
