/**
 * Runs TypeScript handlers without a separate build: the entry is bundled with esbuild (the project's own, as SAM's
 * esbuild build method requires, else the one lambda-stream was installed with) on its first invocation and again
 * whenever one of the bundle's inputs changes, with a source map so that stack traces name the `.ts` line. Bundles go
 * to a per-user folder (0700) under the system temp folder; the project is never written to. Type errors are not
 * checked (as with SAM's esbuild build); a syntax error names file:line:column; a missing package says what to install.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import type { BuildSpec } from '../core/project/types';
import type { ErrorBody } from './hostProtocol';
import { packageRoot } from './paths';

/** The subset of esbuild's API used here (the module is loaded at run time, from the user's project if it has one). */
interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ metafile?: { inputs: Record<string, unknown> } }>;
}
interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText: string } | null;
}

/** A bundle ready to run, or why there is none. */
export type BundleResult = { file: string } | { error: ErrorBody };

interface CachedBundle {
  file: string;
  inputs: { file: string; stamp: string }[];
}

const bundles = new Map<string, CachedBundle>();
const building = new Map<string, Promise<BundleResult>>();

/** The bundle of `build` for code in `codeRoot`, rebuilt when its inputs changed. Concurrent callers share one build. */
export function bundleHandler(build: BuildSpec, codeRoot: string): Promise<BundleResult> {
  const key = JSON.stringify([build, codeRoot]);
  const cached = bundles.get(key);
  if (cached && upToDate(cached)) return Promise.resolve({ file: cached.file });
  const pending = building.get(key);
  if (pending) return pending;
  const started = runBuild(key, build, codeRoot).finally(() => building.delete(key));
  building.set(key, started);
  return started;
}

async function runBuild(key: string, build: BuildSpec, codeRoot: string): Promise<BundleResult> {
  const esbuild = loadEsbuild(codeRoot);
  const shown = path.relative(codeRoot, build.entry) || build.entry;
  if (!esbuild) {
    return {
      error: {
        errorType: 'Runtime.ImportModuleError',
        errorMessage: `Error: ${shown} is TypeScript and esbuild is needed to run it locally: run npm install --save-dev esbuild in ${codeRoot} (SAM's esbuild build method needs it too).`,
        trace: [],
      },
    };
  }
  const outDir = path.join(buildRoot(), createHash('sha256').update(key).digest('hex').slice(0, 16));
  const file = path.join(outDir, build.outputName);
  try {
    mkdirSync(outDir, { recursive: true, mode: 0o700 });
    const result = await esbuild.build({
      entryPoints: [build.entry],
      outfile: file,
      absWorkingDir: codeRoot,
      bundle: true,
      platform: 'node',
      format: build.format,
      target: build.target,
      external: [...build.external],
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      write: true,
      ...(build.format === 'esm'
        ? {
            // Packages written as CommonJS call require(); an ES module bundle has none unless it makes one.
            banner: {
              js: "import { createRequire as __lsCreateRequire } from 'node:module'; const require = __lsCreateRequire(import.meta.url);",
            },
          }
        : {}),
    });
    const inputs = Object.keys(result.metafile?.inputs ?? {})
      .filter((input) => !input.includes(':'))
      .map((input) => path.resolve(codeRoot, input));
    bundles.set(key, { file, inputs: inputs.map((input) => ({ file: input, stamp: stampOf(input) })) });
    return { file };
  } catch (error) {
    bundles.delete(key);
    return { error: buildError(error, codeRoot, shown) };
  }
}

function upToDate(bundle: CachedBundle): boolean {
  if (stampOf(bundle.file) === 'missing') return false;
  return bundle.inputs.every((input) => stampOf(input.file) === input.stamp);
}

function stampOf(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return 'missing';
  }
}

/** esbuild from the project (nearest node_modules above the code), else lambda-stream's own; undefined if neither. */
function loadEsbuild(codeRoot: string): EsbuildApi | undefined {
  for (const base of [codeRoot, packageRoot()]) {
    try {
      return createRequire(path.join(base, 'package.json'))('esbuild') as EsbuildApi;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** The runtime's error kinds for a failed bundle: a missing package is an import error, the rest syntax errors. */
function buildError(error: unknown, codeRoot: string, shown: string): ErrorBody {
  const messages = ((error as { errors?: EsbuildMessage[] }).errors ?? []).slice(0, 5);
  if (messages.length === 0) {
    return {
      errorType: 'Runtime.ImportModuleError',
      errorMessage: `Error: ${shown} could not be bundled: ${(error as Error).message}`,
      trace: [],
    };
  }
  const where = (message: EsbuildMessage) =>
    message.location
      ? `${path.relative(codeRoot, path.resolve(codeRoot, message.location.file))}:${message.location.line}:${message.location.column + 1}: `
      : '';
  const first = messages[0];
  const missing = /^Could not resolve "([^"]+)"/.exec(first.text);
  if (missing) {
    const sdk = missing[1].startsWith('@aws-sdk/')
      ? " Lambda's Node.js runtime includes the AWS SDK v3; locally it must be installed like any package."
      : '';
    const at = first.location ? ` (imported at ${where(first).slice(0, -2)})` : '';
    return {
      errorType: 'Runtime.ImportModuleError',
      errorMessage: `Error: Cannot find module '${missing[1]}'${at}: run npm install ${missing[1]} in ${codeRoot}.${sdk}`,
      trace: messages.map((message) => `${where(message)}${message.text}`),
    };
  }
  return {
    errorType: 'Runtime.UserCodeSyntaxError',
    errorMessage: `SyntaxError: ${where(first)}${first.text}`,
    trace: messages.flatMap((message) => [
      `SyntaxError: ${where(message)}${message.text}`,
      ...(message.location ? [`    ${message.location.lineText}`] : []),
    ]),
  };
}

/** A folder only this user can read: `<tmp>/lambda-stream-<user>/builds`. */
function buildRoot(): string {
  let user = 'user';
  try {
    user = userInfo().username.replace(/[^A-Za-z0-9_-]/g, '') || String(process.getuid?.() ?? 'user');
  } catch {
    // no user entry (some containers): the uid or a fixed name
  }
  const root = path.join(tmpdir(), `lambda-stream-${user}`, 'builds');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return root;
}
