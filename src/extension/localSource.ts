/**
 * What the Local connection serves, from the settings: the functions folder when one is set; else the project the
 * `local.project` setting names, or (when it is empty) the first workspace folder holding a SAM template, `cdk.out`
 * or `serverless.yml`; else undefined, the bundled samples. `"off"` turns project detection off. An untrusted
 * workspace always gets the samples. Apart from config.ts because finding a project reads the templates (yaml),
 * which the activation bundle must not load.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectProject } from '../core/project/loadProject';
import { config } from './config';
import type { LocalSource } from './localEndpoint';

/** The Local connection's source as the settings and the workspace say now (read fresh at each call). */
export function localSource(): LocalSource | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const functionsDir = config.localFunctionsDir();
  if (functionsDir) return { kind: 'functions', path: functionsDir };
  const value = config.localProject();
  if (value.toLowerCase() === 'off') return undefined;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  if (value) {
    if (path.isAbsolute(value)) return { kind: 'project', path: value };
    return folders[0] ? { kind: 'project', path: path.join(folders[0], value) } : undefined;
  }
  const found = folders.find((folder) => !('error' in detectProject(folder)));
  return found ? { kind: 'project', path: found } : undefined;
}
