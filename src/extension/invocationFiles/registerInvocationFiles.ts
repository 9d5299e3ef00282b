/**
 * Wiring for invocation files, called once from `activate`: the documents' reader, their diagnostics, CodeLens,
 * completion and hover, and the environment picker in the status bar (shown while an invocation file is active).
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import type { FunctionSource } from '../invoke/targetPicker';
import type { ExtensionContextServices } from '../services';
import { InvocationCodeLensProvider } from './invocationCodeLens';
import { InvocationDiagnostics } from './invocationDiagnostics';
import { INVOCATION_LANGUAGE, InvocationFiles } from './invocationFiles';
import { InvocationCompletionProvider, InvocationHoverProvider } from './invocationLanguage';

const SELECTOR: vscode.DocumentSelector = { language: INVOCATION_LANGUAGE };

/** Registers the invocation-file features; returns the reader the commands use. */
export function registerInvocationFiles(services: ExtensionContextServices, sources: FunctionSource): InvocationFiles {
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
    vscode.languages.registerCodeLensProvider(SELECTOR, new InvocationCodeLensProvider(files)),
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      new InvocationCompletionProvider(files, services, sources),
      '{',
      '@',
      ' ',
    ),
    vscode.languages.registerHoverProvider(SELECTOR, new InvocationHoverProvider(files)),
    vscode.window.onDidChangeActiveTextEditor(showStatus),
    files.onDidChange(showStatus),
  );
  showStatus();
  return files;
}
