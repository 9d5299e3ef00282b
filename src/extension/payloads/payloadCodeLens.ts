/**
 * The CodeLens on the first line of a payload file: `▶ Invoke my-fn:live (Local) · Change target · Dry run` once
 * the file is bound to a function, `▶ Invoke… · Dry run…` (which ask for the function once) before. The lenses
 * pass the file's Uri, the same argument the explorer's context menu passes, so one command serves both.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { choiceLabel } from '../connections';
import { describeTarget } from '../targets';
import type { PayloadFiles } from './payloadFiles';

/** Lenses for payload files; none for other JSON files. */
export class PayloadCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly files: PayloadFiles) {
    this.onDidChangeCodeLenses = files.onDidChange;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { uri } = document;
    if (!this.files.isPayload(uri)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const target = this.files.bindingOf(uri);
    if (!target) {
      return [
        lens(
          top,
          '$(play) Invoke…',
          'Choose the function to invoke with this payload (remembered for this file)',
          Commands.invokePayloadFile,
          uri,
        ),
        lens(top, 'Dry run…', 'Check the request and permissions without running the function', Commands.dryRun, uri),
        lens(
          top,
          '$(globe) Function URL…',
          'Send this payload to a function URL: a request shape {method, path, headers, body}, or the body of a POST',
          Commands.invokeFunctionUrl,
          uri,
        ),
      ];
    }
    const name = describeTarget(target, choiceLabel(target.connection));
    return [
      lens(top, `$(play) Invoke ${name}`, `Invoke ${name} with this payload`, Commands.invokePayloadFile, uri),
      lens(top, 'Change target', 'Choose another function for this payload file', Commands.changePayloadTarget, uri),
      lens(top, 'Dry run', `Check that ${name} accepts this request, without running it`, Commands.dryRun, uri),
      lens(
        top,
        '$(globe) Function URL',
        `Send this payload to the function URL of ${name}: a request shape {method, path, headers, body}, or the body of a POST`,
        Commands.invokeFunctionUrl,
        uri,
      ),
    ];
  }
}

function lens(
  range: vscode.Range,
  title: string,
  tooltip: string,
  command: (typeof Commands)[keyof typeof Commands],
  uri: vscode.Uri,
): vscode.CodeLens {
  return new vscode.CodeLens(range, { title, tooltip, command: commandId(command), arguments: [uri] });
}
