/**
 * Where the emulator's own files are at run time. The emulator is bundled into several files (dist/emulator/main.js,
 * dist/cli.js, dist/extension.js, test bundles under dist/test/…), so `__dirname` differs per bundle; walking up to
 * lambda-stream's package.json finds the one `dist/` they all share.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'lambda-stream';

let cachedRoot: string | undefined;

/** The folder holding lambda-stream's package.json, found by walking up from this bundle. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (isPackageRoot(dir)) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`lambda-stream: cannot find the ${PACKAGE_NAME} package folder above ${__dirname}`);
    dir = parent;
  }
}

function isPackageRoot(dir: string): boolean {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The child-process entry that runs one handler invocation (built from src/emulator/handlerHost.ts). */
export function handlerHostPath(): string {
  return path.join(packageRoot(), 'dist', 'emulator', 'handlerHost.js');
}

/** The bundled sample functions, served when no functions folder is given. */
export function samplesDir(): string {
  return path.join(packageRoot(), 'dist', 'emulator', 'samples');
}
