/**
 * The functions a folder holds: one per `.mjs`, `.cjs` or `.js` file (`echo.mjs` is function `echo`), with the
 * manifest's settings. The folder and the manifest are checked for changes (one `stat` each) on every lookup, so added,
 * removed and edited files show up on the next request without a restart; handler code itself is loaded fresh by each
 * invocation's own process.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { MAX_BARE_NAME_LENGTH } from '../core/rules/names';
import { type FunctionSettings, MANIFEST_FILE, parseManifest } from '../core/rules/manifest';
import type { BuildSpec } from '../core/project/types';

/**
 * One function: its handler file and its settings (the manifest's, or a project template's). The optional fields are
 * set by projects (see projectRegistry.ts); a flat folder's function is `<name>.handler` in the folder.
 */
export interface FunctionEntry {
  readonly name: string;
  /** The module to run: the handler file, or the TypeScript entry that `build` bundles. */
  readonly file: string;
  readonly settings: FunctionSettings;
  /** The export to call, possibly nested (`handlers.stream`); `handler` when absent. */
  readonly exportName?: string;
  /** Working directory and LAMBDA_TASK_ROOT; the file's folder when absent. */
  readonly codeRoot?: string;
  /** `_HANDLER` as the template writes it (`src/index.handler`). */
  readonly handler?: string;
  /** Bundle the file with esbuild before each run whose sources changed. */
  readonly build?: BuildSpec;
  /** Layer folders whose `nodejs/node_modules` join NODE_PATH. */
  readonly layers?: readonly string[];
}

/** Where the endpoint's functions come from: a flat folder (FunctionRegistry) or a project (ProjectRegistry). */
export interface FunctionSource {
  /** What is served, for messages: the folder or the project file. */
  readonly dir: string;
  list(): readonly FunctionEntry[];
  get(name: string): FunctionEntry | undefined;
  codeInfo(entry: FunctionEntry): CodeInfo | undefined;
}

/** Facts about a handler file that FunctionConfiguration reports; recomputed when the file changes. */
export interface CodeInfo {
  size: number;
  modified: Date;
  sha256: string;
  streaming: boolean;
}

const HANDLER_EXTENSIONS = ['.mjs', '.cjs', '.js'];
const FUNCTION_NAME = /^[a-zA-Z0-9-_]+$/;
const STAMP_TRUST_MS = 1000;
/** A call of `streamifyResponse(`: how a handler file shows it streams, without running it. */
const STREAMIFY_CALL = /\bstreamifyResponse\s*\(/;

/** The functions of one folder, kept current. `report` receives each problem once per change of its file. */
export class FunctionRegistry implements FunctionSource {
  private entries = new Map<string, FunctionEntry>();
  private sorted: FunctionEntry[] = [];
  private folderStamp = '';
  private manifestStamp = '';
  private manifestText: string | undefined;
  private checkedAt = 0;
  private scanProblems = new Set<string>();
  private settings = new Map<string, FunctionSettings>();
  private readonly code = new Map<string, { stamp: string; info: CodeInfo }>();

  constructor(
    readonly dir: string,
    private readonly report: (problem: string) => void,
  ) {
    this.refresh();
  }

  /** Every function, sorted by name. */
  list(): readonly FunctionEntry[] {
    this.refresh();
    return this.sorted;
  }

  /** The function of that name, if its file exists. */
  get(name: string): FunctionEntry | undefined {
    this.refresh();
    return this.entries.get(name);
  }

  /** Size, time, hash and streaming-ness of the function's file (undefined if it vanished). */
  codeInfo(entry: FunctionEntry): CodeInfo | undefined {
    return codeInfoOf(entry, this.code);
  }

  private refresh(): void {
    const folder = statOrUndefined(this.dir);
    if (!folder?.isDirectory()) {
      if (this.folderStamp !== 'missing') this.report(`${this.dir}: the functions folder does not exist`);
      this.folderStamp = 'missing';
      this.entries = new Map();
      this.sorted = [];
      return;
    }
    const manifestPath = path.join(this.dir, MANIFEST_FILE);
    const manifest = statOrUndefined(manifestPath);
    const manifestStamp = manifest ? `${manifest.mtimeMs}:${manifest.size}` : 'none';
    const folderStamp = `${folder.mtimeMs}`;
    // Timestamps can be as coarse as a second, so unchanged stamps are trusted for one second only.
    const fresh = Date.now() - this.checkedAt < STAMP_TRUST_MS;
    if (fresh && manifestStamp === this.manifestStamp && folderStamp === this.folderStamp) return;
    this.checkedAt = Date.now();
    this.manifestStamp = manifestStamp;
    this.folderStamp = folderStamp;
    this.readManifest(manifest ? manifestPath : undefined);
    this.scan();
  }

  /** Re-parses the manifest when its text changed, reporting its problems once. */
  private readManifest(file: string | undefined): void {
    let text: string | undefined;
    try {
      text = file === undefined ? undefined : readFileSync(file, 'utf8');
    } catch (error) {
      this.report(`${file}: cannot be read (${(error as Error).message})`);
    }
    if (text === this.manifestText) return;
    this.manifestText = text;
    const parsed = text === undefined ? undefined : parseManifest(text, file ?? MANIFEST_FILE);
    for (const problem of parsed?.problems ?? []) this.report(`${problem}; that setting is ignored`);
    this.settings = parsed?.functions ?? new Map();
  }

  private scan(): void {
    const entries = new Map<string, FunctionEntry>();
    const problems = new Set<string>();
    const files = readdirSync(this.dir, { withFileTypes: true })
      .filter(
        (item) => (item.isFile() || item.isSymbolicLink()) && HANDLER_EXTENSIONS.includes(path.extname(item.name)),
      )
      .map((item) => item.name)
      .sort();
    for (const file of files) {
      const name = file.slice(0, -path.extname(file).length);
      if (!FUNCTION_NAME.test(name) || name.length > MAX_BARE_NAME_LENGTH) continue;
      const existing = entries.get(name);
      if (existing) {
        problems.add(
          `${path.join(this.dir, file)}: function '${name}' is already served from ${path.basename(existing.file)}; this file is ignored`,
        );
        continue;
      }
      entries.set(name, { name, file: path.join(this.dir, file), settings: this.settings.get(name) ?? {} });
    }
    for (const name of this.settings.keys()) {
      if (!entries.has(name))
        problems.add(
          `${path.join(this.dir, MANIFEST_FILE)}: functions.${name} has no handler file (${name}.mjs, ${name}.cjs or ${name}.js)`,
        );
    }
    for (const problem of problems) if (!this.scanProblems.has(problem)) this.report(problem);
    this.scanProblems = problems;
    this.entries = entries;
    this.sorted = [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Code facts of `entry`'s file, cached by its stamp in `cache`. */
export function codeInfoOf(
  entry: FunctionEntry,
  cache: Map<string, { stamp: string; info: CodeInfo }>,
): CodeInfo | undefined {
  const stats = statOrUndefined(entry.file);
  if (!stats) return undefined;
  const stamp = `${stats.mtimeMs}:${stats.size}:${entry.settings.streaming}`;
  const cached = cache.get(entry.file);
  if (cached?.stamp === stamp) return cached.info;
  const source = readFileSync(entry.file);
  const info: CodeInfo = {
    size: stats.size,
    modified: stats.mtime,
    sha256: createHash('sha256').update(source).digest('base64'),
    streaming: entry.settings.streaming ?? STREAMIFY_CALL.test(source.toString('utf8')),
  };
  cache.set(entry.file, { stamp, info });
  return info;
}

export function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
