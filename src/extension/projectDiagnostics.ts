/**
 * Problems of the project the Local connection serves (a SAM template, `cdk.out`, `serverless.yml`) in the Problems
 * panel, at their line: a function the endpoint cannot serve is an error, a value it leaves out (an import from
 * another stack, a table's ARN) a warning, with the same sentences `serve --project` prints. The project is read from
 * disk when it is chosen, when one of its files changes and when a project file appears at a workspace folder's
 * root; `onDidChangeProject` tells the Local endpoint to follow. The project's files are never written.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../constants';
import { loadProject } from '../core/project/loadProject';
import type { ProjectProblem } from '../core/project/types';
import { config } from './config';
import { localSource } from './localSource';

/** Bursts of file events (a git checkout, `cdk synth`) are read once. */
const DEBOUNCE_MS = 300;
/** Files at a workspace folder's root that make it a project. */
const ROOT_PROJECT_FILES =
  '{template.yaml,template.yml,template.json,serverless.yml,serverless.yaml,cdk.out/manifest.json}';
/** Files inside a project whose change can change what it serves. */
const PROJECT_FILES = '**/*.{yaml,yml,json,js,mjs,cjs,ts,mts,cts}';

export class ProjectDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lambda-stream-project');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the project to serve may be another one (a template appeared or went, a setting changed). */
  readonly onDidChangeProject = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.changed];
  private projectWatcher: vscode.FileSystemWatcher | undefined;
  private watchedPath: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    vscode.workspace.onDidChangeConfiguration(
      (event) => {
        if (config.affects(event, 'local.project') || config.affects(event, 'local.functionsDir')) this.sourceChanged();
      },
      null,
      this.disposables,
    );
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.sourceChanged(), null, this.disposables);
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.sourceChanged(), null, this.disposables);
    const roots = vscode.workspace.createFileSystemWatcher(`*/${ROOT_PROJECT_FILES}`);
    const rootsOnly = vscode.workspace.createFileSystemWatcher(ROOT_PROJECT_FILES);
    for (const watcher of [roots, rootsOnly]) {
      watcher.onDidCreate(() => this.sourceChanged(), null, this.disposables);
      watcher.onDidDelete(() => this.sourceChanged(), null, this.disposables);
      this.disposables.push(watcher);
    }
    this.check();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.projectWatcher?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Reads the project now (tests call this instead of waiting for file events). */
  check(): void {
    clearTimeout(this.timer);
    const source = localSource();
    const projectPath = source?.kind === 'project' ? source.path : undefined;
    this.follow(projectPath);
    this.collection.clear();
    if (!projectPath) return;
    const project = loadProject(projectPath);
    const byFile = new Map<string, ProjectProblem[]>();
    for (const problem of project.problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
    for (const [file, problems] of byFile) {
      const lines = readLines(file);
      this.collection.set(
        vscode.Uri.file(file),
        problems.map((problem) => toDiagnostic(problem, lines)),
      );
    }
  }

  private sourceChanged(): void {
    this.schedule();
    this.changed.fire();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), DEBOUNCE_MS);
  }

  /** Watches the files of the project at `projectPath` (a folder, or the folder of a project file). */
  private follow(projectPath: string | undefined): void {
    if (projectPath === this.watchedPath) return;
    this.projectWatcher?.dispose();
    this.projectWatcher = undefined;
    this.watchedPath = projectPath;
    if (!projectPath) return;
    const folder = /\.(ya?ml|json)$/.test(projectPath) ? path.dirname(projectPath) : projectPath;
    this.projectWatcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(folder), PROJECT_FILES),
    );
    const changed = (uri: vscode.Uri) => {
      if (!uri.fsPath.split(path.sep).includes('node_modules')) this.schedule();
    };
    this.projectWatcher.onDidCreate(changed);
    this.projectWatcher.onDidChange(changed);
    this.projectWatcher.onDidDelete(changed);
  }
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

/** A diagnostic from the problem's place to the end of its line's text. */
function toDiagnostic(problem: ProjectProblem, lines: readonly string[]): vscode.Diagnostic {
  const line = Math.max(0, problem.line - 1);
  const start = Math.max(0, problem.column - 1);
  const end = Math.max(start + 1, (lines[line] ?? '').trimEnd().length);
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, start, line, end), problem.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = 'local-project';
  return diagnostic;
}
