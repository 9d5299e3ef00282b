/**
 * Which documents are payload files: JSON files in the folder `lambdaStream.payloadsDir` names (per workspace
 * folder), and any saved file already bound to a target (invoked once, or given a target with Change Target). Other
 * JSON files (package.json, settings) get no CodeLens and no payload diagnostics, and neither do untitled editors,
 * whose names (`Untitled-1`) are reused by unrelated scratch text. The binding itself lives in the invoke memory's
 * workspace state; nothing is ever written into the payload file.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import type { InvokeMemory } from '../invoke/invokeMemory';
import type { FunctionTarget } from '../targets';

/** Decides what a payload file is, and says when that may have changed (setting, binding, folders). */
export class PayloadFiles implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires when the set of payload files or their bindings may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memory: InvokeMemory) {
    memory.onDidChangeTarget(() => this.changed.fire(), null, this.disposables);
    vscode.workspace.onDidChangeConfiguration(
      (event) => config.affects(event, 'payloadsDir') && this.changed.fire(),
      null,
      this.disposables,
    );
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire(), null, this.disposables);
  }

  /** True for a payload file: a saved file bound to a target, or a `.json` file inside the payloads folder. */
  isPayload(uri: vscode.Uri): boolean {
    if (!isFile(uri)) return false;
    return this.bindingOf(uri) !== undefined || (uri.path.toLowerCase().endsWith('.json') && isInPayloadsDir(uri));
  }

  /** The target the file is bound to, if any. */
  bindingOf(uri: vscode.Uri): FunctionTarget | undefined {
    return this.memory.targetFor(uri);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * Only saved files can be payload files. The listeners check this first: response documents change dozens of times
 * a second while they stream, and must cost nothing here.
 */
export function isFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file';
}

/** True when the file lies in the payloads folder of its workspace folder (or in an absolute payloads folder). */
export function isInPayloadsDir(uri: vscode.Uri): boolean {
  const setting = config.payloadsDir(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!path.isAbsolute(setting) && !folder) return false;
  const dir = path.resolve(folder ? folder.uri.fsPath : '/', setting);
  const relative = path.relative(dir, uri.fsPath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
