/**
 * Finds the module a handler string names, with the rules of Lambda's Node.js runtime: `dir/file.export` is the
 * module `dir/file` under the code folder and the export `export` (dots after the file name reach nested
 * properties); the module is `file.js`, else `file.mjs`, else `file.cjs`. A module that exists only as TypeScript
 * (`.ts`, `.mts`, `.cts`) is reported as such, to be bundled before it runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The module path and export of a handler string, or undefined when it has no `.export` part. */
export function splitHandler(handler: string): { modulePath: string; exportName: string } | undefined {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) return undefined;
  return { modulePath: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

const JAVASCRIPT = ['.js', '.mjs', '.cjs'];
const TYPESCRIPT = ['.ts', '.mts', '.cts'];

/** The file of `modulePath` under `codeRoot`: JavaScript first, as the runtime loads it, then TypeScript. */
export function findHandlerModule(
  codeRoot: string,
  modulePath: string,
): { file: string; typescript: boolean } | undefined {
  const base = path.resolve(codeRoot, modulePath);
  for (const extension of JAVASCRIPT)
    if (isFile(base + extension)) return { file: base + extension, typescript: false };
  for (const extension of TYPESCRIPT) if (isFile(base + extension)) return { file: base + extension, typescript: true };
  return undefined;
}

/** Whether Node treats `.js` files at `file` as ES modules: the nearest package.json says `"type": "module"`. */
export function isModuleScope(file: string): boolean {
  let dir = path.dirname(file);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
