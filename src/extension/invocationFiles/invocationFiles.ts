/**
 * The invocation files (`*.invoke`) of this window: each document read once per version and environment (the core
 * does the reading), the chosen environment (remembered per workspace), and the last result of each invocation for
 * its CodeLens. Diagnostics, CodeLens, completion, hover and the commands all ask this object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  checkEnvironments,
  type LoadedInvocationFile,
  loadInvocationFile,
} from '../../core/invocations/invocationFile';
import { type Environments, environmentNames } from '../../core/invocations/variables';
import { config } from '../config';
import type { InvocationSummary } from '../output/invocation';
import { INVOCATION_LANGUAGE } from '../../constants';

export { INVOCATION_LANGUAGE };

/** Where the chosen environment is remembered (workspace state). */
const ENVIRONMENT_KEY = 'lambdaStream.invocations.environment';

/** The last run of one invocation, for its CodeLens. */
export interface LastResult {
  readonly summary?: InvocationSummary;
  /** Set while it runs. */
  readonly running?: boolean;
}

/** Reads invocation documents and keeps their environment and last results. */
export class InvocationFiles implements vscode.Disposable {
  private readonly cache = new Map<
    string,
    { version: number; environment: string | undefined; file: LoadedInvocationFile }
  >();
  private readonly results = new Map<string, LastResult>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when what a reader shows may have changed: the environment, a result, the settings. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly state: vscode.Memento) {
    vscode.workspace.onDidCloseTextDocument(
      (document) => this.cache.delete(document.uri.toString()),
      null,
      this.disposables,
    );
    vscode.workspace.onDidChangeConfiguration(
      (event) => {
        if (config.affects(event, 'invocations.environments')) this.refresh();
      },
      null,
      this.disposables,
    );
    // A payload file or the environments file beside an invocation file changed: read the invocations again.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,invoke}');
    // Only while an invocation file is open: a JSON file saved elsewhere in the workspace is nobody's business then.
    const reread = () => {
      if (vscode.workspace.textDocuments.some(InvocationFiles.isInvocationFile)) this.refresh();
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(reread),
      watcher.onDidCreate(reread),
      watcher.onDidDelete(reread),
    );
  }

  /** Whether a document is an invocation file. */
  static isInvocationFile(document: vscode.TextDocument): boolean {
    return document.languageId === INVOCATION_LANGUAGE;
  }

  /** The chosen environment, if any. */
  get environment(): string | undefined {
    return this.state.get<string>(ENVIRONMENT_KEY);
  }

  async setEnvironment(name: string | undefined): Promise<void> {
    await this.state.update(ENVIRONMENT_KEY, name);
    this.refresh();
  }

  /** The document read with the chosen environment (cached per version). */
  read(document: vscode.TextDocument): LoadedInvocationFile {
    const key = document.uri.toString();
    const environment = this.environment;
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.environment === environment) return cached.file;
    const file = loadInvocationFile(document.getText(), {
      // An untitled file reads referenced payloads from the first workspace folder.
      filePath:
        document.uri.scheme === 'file'
          ? document.uri.fsPath
          : path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir(), 'untitled.invoke'),
      environments: settingEnvironments(),
      environment,
      readFile: (absolute) => readOpenOrDisk(absolute),
    });
    this.cache.set(key, { version: document.version, environment, file });
    return file;
  }

  /** The environment names a document's files and the settings define. */
  environmentsOf(document: vscode.TextDocument): string[] {
    return environmentNames(this.read(document).environments);
  }

  lastResult(uri: vscode.Uri, name: string): LastResult | undefined {
    return this.results.get(`${uri.toString()}#${name}`);
  }

  setResult(uri: vscode.Uri, name: string, result: LastResult): void {
    this.results.set(`${uri.toString()}#${name}`, result);
    this.changed.fire();
  }

  /** Reads every file again on next use, and tells the readers. */
  refresh(): void {
    this.cache.clear();
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** A referenced payload as the editor has it (unsaved edits included), else from disk. */
function readOpenOrDisk(absolute: string): Uint8Array {
  const open = vscode.workspace.textDocuments.find(
    (document) => document.uri.scheme === 'file' && document.uri.fsPath === absolute,
  );
  return open ? Buffer.from(open.getText(), 'utf8') : fs.readFileSync(absolute);
}

/** Environments from `lambdaStream.invocations.environments`; a malformed value is none. */
function settingEnvironments(): Environments {
  const checked = checkEnvironments(config.invocationEnvironments());
  return typeof checked === 'string' ? {} : checked;
}
