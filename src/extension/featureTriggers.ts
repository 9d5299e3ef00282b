/**
 * When the activation shell loads the features without being asked by a command, a provider or the Functions view:
 * a document the diagnostics read (a payload or JSON file, an invocation file, a `lambda-stream.json` manifest), or a
 * Local source whose files on disk they check (a functions folder, a SAM, CDK or Serverless project). Cheap checks
 * only: settings, the document's name and language, and the names at the workspace folders' roots.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { INVOCATION_LANGUAGE } from '../constants';
import { config } from './config';
import { TARGETS_KEY } from './invoke/memoryKeys';

/** The functions folder's manifest (core/rules/manifest.ts). */
const MANIFEST_FILE = 'lambda-stream.json';
/** What makes a workspace folder's root a project (projectDiagnostics.ts watches the same names). */
const ROOT_PROJECT_FILES = [
  'template.yaml',
  'template.yml',
  'template.json',
  'serverless.yml',
  'serverless.yaml',
  'cdk.out',
];

/** Whether the features' diagnostics read this document (see payloadDiagnostics.ts, invocationDiagnostics.ts, manifestDiagnostics.ts). */
export function documentNeedsFeatures(document: vscode.TextDocument, workspaceState: vscode.Memento): boolean {
  const { uri, languageId } = document;
  if (languageId === INVOCATION_LANGUAGE) return true;
  if ((uri.scheme === 'file' || uri.scheme === 'untitled') && path.posix.basename(uri.path) === MANIFEST_FILE)
    return true;
  if (uri.scheme !== 'file') return false;
  if (languageId === 'json' || uri.path.toLowerCase().endsWith('.json')) return true;
  // A payload file of another kind, bound to a target by an earlier invocation.
  const bound = workspaceState.get<Record<string, unknown>>(TARGETS_KEY);
  return bound !== undefined && Object.hasOwn(bound, uri.toString());
}

/**
 * Whether the Local connection has a source whose files on disk the diagnostics check (manifestDiagnostics.ts,
 * projectDiagnostics.ts): a functions folder or project setting, or a project file at a workspace folder's root.
 * Never in an untrusted workspace, where Local serves only the samples.
 */
export function localSourceNeedsFeatures(): boolean {
  if (!vscode.workspace.isTrusted) return false;
  if (config.localFunctionsDir()) return true;
  const project = config.localProject();
  if (project.toLowerCase() === 'off') return false;
  if (project) return true;
  return (vscode.workspace.workspaceFolders ?? []).some(
    (folder) => folder.uri.scheme === 'file' && holdsProject(folder.uri.fsPath),
  );
}

/** A project file at the folder's root, or the folder is a CDK cloud assembly itself (`*.template.json`). */
function holdsProject(folder: string): boolean {
  try {
    return fs.readdirSync(folder).some((name) => ROOT_PROJECT_FILES.includes(name) || name.endsWith('.template.json'));
  } catch {
    return false;
  }
}
