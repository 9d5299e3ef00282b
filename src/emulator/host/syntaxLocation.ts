/**
 * Where a handler's syntax error is: the file and line, which Node keeps out of the error object for ES modules (it
 * only prints them when the error kills the process). A CommonJS error carries them on its stack's first line; for
 * an ES module, `node --check` is asked about the handler file and then about the files it imports by relative path,
 * since the broken one may be any of them. Only runs on the failure path.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A syntax error's place: absolute file, one-based line, and the offending source line with its caret, if known. */
export interface SyntaxLocation {
  file: string;
  line: number;
  excerpt: string[];
}

/**
 * How many files `node --check` may be asked about, and for how long in all, before giving up: the invocation's
 * timeout keeps running meanwhile (Lambda's default is 3 s), and without a location the error is still reported.
 */
const MAX_CHECKED_FILES = 10;
const CHECK_BUDGET_MS = 2_000;
const LOCATION_LINE = /^(file:\/\/\S+|\/.+|[A-Za-z]:\\.+):(\d+)$/;
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Finds the file and line of `error`, a SyntaxError thrown by importing `file`; undefined when it cannot tell. */
export function findSyntaxLocation(error: Error, file: string): SyntaxLocation | undefined {
  return fromStack(error.stack ?? '') ?? fromCheck(file);
}

/** `message (file:line)`, the file relative to `base` when it is inside it. */
export function withLocation(message: string, location: SyntaxLocation, base: string): string {
  const relative = path.relative(base, location.file);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : location.file;
  return `${message} (${shown}:${location.line})`;
}

function fromStack(stack: string): SyntaxLocation | undefined {
  const lines = stack.split('\n');
  const match = LOCATION_LINE.exec(lines[0] ?? '');
  if (!match) return undefined;
  const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
  const blank = lines.indexOf('');
  return { file, line: Number(match[2]), excerpt: lines.slice(1, blank > 0 ? blank : 3) };
}

/** Runs `node --check` on the file, then on its relative imports (breadth first), until one reports a location. */
function fromCheck(entry: string): SyntaxLocation | undefined {
  const queue = [entry];
  const seen = new Set<string>();
  const deadline = Date.now() + CHECK_BUDGET_MS;
  while (queue.length > 0 && seen.size < MAX_CHECKED_FILES && Date.now() < deadline) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const result = spawnSync(process.execPath, ['--check', file], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      timeout: Math.max(1, deadline - Date.now()),
    });
    if (result.status !== 0) {
      const location = fromStack(result.stderr ?? '');
      if (location) return location;
    }
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const match of source.matchAll(RELATIVE_IMPORT)) queue.push(path.resolve(path.dirname(file), match[1]));
  }
  return undefined;
}
