/**
 * Asks which payload file to send, for "Invoke with Payload File…" on a Functions-view node: the JSON files of the
 * payloads folder of each workspace folder (the ones bound to this function first), then **Browse…** for any
 * other file. Resolves with the file, or undefined when the person backs out.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import { choiceKey } from '../connections';
import type { InvokeMemory } from '../invoke/invokeMemory';
import { displayName } from '../invoke/payloadSource';
import type { FunctionTarget } from '../targets';

interface FileItem extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
}

const MAX_FILES = 500;

/** Shows the pick of payload files for `target`. */
export async function pickPayloadFile(target: FunctionTarget, memory: InvokeMemory): Promise<vscode.Uri | undefined> {
  const files = await payloadFilesInWorkspace();
  const bound = (uri: vscode.Uri) => {
    const binding = memory.targetFor(uri);
    return (
      binding !== undefined &&
      choiceKey(binding.connection) === choiceKey(target.connection) &&
      binding.functionName === target.functionName &&
      binding.qualifier === target.qualifier
    );
  };
  const items: FileItem[] = files
    .map((uri) => ({ uri, bound: bound(uri) }))
    .sort((a, b) => Number(b.bound) - Number(a.bound) || a.uri.path.localeCompare(b.uri.path))
    .map(({ uri, bound: isBound }) => ({
      label: `$(json) ${path.basename(uri.fsPath)}`,
      description: displayName(uri),
      detail: isBound ? 'bound to this function' : undefined,
      uri,
    }));
  const browse: FileItem = { label: '$(folder-opened) Browse…', description: 'choose any JSON file', alwaysShow: true };
  const name = target.qualifier ? `${target.functionName}:${target.qualifier}` : target.functionName;
  const picked = await vscode.window.showQuickPick([...items, browse], {
    title: `Invoke ${name} with Payload File…`,
    placeHolder:
      items.length > 0
        ? 'Choose the payload to send'
        : `No JSON files in the payloads folder (${config.payloadsDir()}); browse for one`,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    title: `Payload for ${name}`,
    canSelectMany: false,
    filters: { JSON: ['json'], 'All files': ['*'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return chosen?.[0];
}

/** The `.json` files under the payloads folder of every workspace folder. */
async function payloadFilesInWorkspace(): Promise<vscode.Uri[]> {
  const found: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const dir = config.payloadsDir(folder.uri).replace(/\\/g, '/').replace(/\/+$/, '');
    if (path.isAbsolute(dir)) continue;
    found.push(
      ...(await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, `${dir}/**/*.json`),
        undefined,
        MAX_FILES,
      )),
    );
  }
  return found;
}
