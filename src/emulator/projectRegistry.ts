/**
 * The functions of a SAM, CDK or Serverless project (see core/project), kept current: the project files (and the
 * `--env-vars` file) are checked for changes (one `stat` each) on every lookup, so an edited template applies to the
 * next request without a restart. Handler code is loaded fresh by each invocation's own process, and TypeScript is
 * rebuilt when its sources change (bundler.ts), so edits to handlers apply at once too.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { detectProject, loadProject } from '../core/project/loadProject';
import type { LoadedProject, ProjectOptions } from '../core/project/types';
import { type CodeInfo, codeInfoOf, type FunctionEntry, type FunctionSource } from './registry';

const STAMP_TRUST_MS = 1000;

/** One project, served. `report` receives each problem line once per change of the project's files. */
export class ProjectRegistry implements FunctionSource {
  private entries = new Map<string, FunctionEntry>();
  private sorted: FunctionEntry[] = [];
  private stamp = '';
  private checkedAt = 0;
  private reported = new Set<string>();
  private loaded: LoadedProject | undefined;
  private readonly code = new Map<string, { stamp: string; info: CodeInfo }>();

  constructor(
    /** The path given: a folder or a project file. */
    readonly dir: string,
    private readonly options: ProjectOptions,
    private readonly report: (problem: string) => void,
  ) {
    this.refresh();
  }

  /** The last reading of the project (kind, files, problems), for `serve` to print a summary. */
  get project(): LoadedProject | undefined {
    this.refresh();
    return this.loaded;
  }

  list(): readonly FunctionEntry[] {
    this.refresh();
    return this.sorted;
  }

  get(name: string): FunctionEntry | undefined {
    this.refresh();
    return this.entries.get(name);
  }

  codeInfo(entry: FunctionEntry): CodeInfo | undefined {
    return codeInfoOf(entry, this.code);
  }

  private refresh(): void {
    if (Date.now() - this.checkedAt < STAMP_TRUST_MS && this.loaded) return;
    this.checkedAt = Date.now();
    const detected = detectProject(this.dir);
    const files = 'error' in detected ? [] : [...detected.files];
    if (this.options.envVarsFile) files.push(path.resolve(this.options.envVarsFile));
    const stamp = `${'error' in detected ? detected.error : detected.kind}|${files.map(fileStamp).join('|')}`;
    if (stamp === this.stamp && this.loaded) return;
    this.stamp = stamp;
    const project = loadProject(this.dir, this.options);
    this.loaded = project;
    const lines = new Set(
      project.problems.map(
        (problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`,
      ),
    );
    for (const line of lines) if (!this.reported.has(line)) this.report(line);
    this.reported = lines;
    this.entries = new Map(
      project.functions.map((fn) => [
        fn.name,
        {
          name: fn.name,
          file: fn.moduleFile,
          settings: fn.settings,
          exportName: fn.exportName,
          codeRoot: fn.codeRoot,
          handler: fn.handler,
          ...(fn.build ? { build: fn.build } : {}),
          layers: fn.layers,
        },
      ]),
    );
    this.sorted = [...this.entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function fileStamp(file: string): string {
  try {
    const stats = statSync(file);
    return `${file}:${stats.mtimeMs}:${stats.size}`;
  } catch {
    return `${file}:missing`;
  }
}
