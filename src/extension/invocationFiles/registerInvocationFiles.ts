/**
 * Wiring for invocation files, called once when the features load: the documents' reader, their diagnostics, the
 * CodeLens, completion and hover providers (registered at activation by the shell, which hands them every request),
 * and the environment picker in the status bar (shown while an invocation file is active).
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import type { FunctionSource } from '../invoke/targetPicker';
import type { ExtensionContextServices } from '../services';
import { InvocationCodeLensProvider } from './invocationCodeLens';
import { InvocationDiagnostics } from './invocationDiagnostics';
import { InvocationFiles } from './invocationFiles';
import { InvocationCompletionProvider, InvocationHoverProvider } from './invocationLanguage';

/** The invocation-file features: the reader the commands use, and the language providers. */
export interface InvocationFileFeature {
  readonly files: InvocationFiles;
  readonly codeLens: InvocationCodeLensProvider;
  readonly completion: InvocationCompletionProvider;
  readonly hover: InvocationHoverProvider;
}

/** Builds the invocation-file features and registers what they keep for disposal. */
export function registerInvocationFiles(
  services: ExtensionContextServices,
  sources: FunctionSource,
): InvocationFileFeature {
  const files = new InvocationFiles(services.context.workspaceState);
  const status = vscode.window.createStatusBarItem(
    'lambdaStream.invocationEnvironment',
    vscode.StatusBarAlignment.Left,
    40,
  );
  status.name = 'Lambda Stream Invocation Environment';
  status.command = commandId(Commands.selectInvocationEnvironment);
  const showStatus = () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !InvocationFiles.isInvocationFile(editor.document)) return status.hide();
    status.text = `$(symbol-variable) ${files.environment ?? 'no environment'}`;
    status.tooltip = 'The environment of invocation files: click to choose another';
    status.show();
  };
  services.context.subscriptions.push(
    files,
    status,
    new InvocationDiagnostics(files),
    vscode.window.onDidChangeActiveTextEditor(showStatus),
    files.onDidChange(showStatus),
  );
  showStatus();
  return {
    files,
    codeLens: new InvocationCodeLensProvider(files),
    completion: new InvocationCompletionProvider(files, services, sources),
    hover: new InvocationHoverProvider(files),
  };
}
