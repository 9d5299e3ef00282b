/**
 * The CodeLens of invocation files: `Invoke All` and the environment at the top; above each invocation `▷ Invoke`,
 * `Dry run` (not for function URLs), and its last result (`200 · 1.2 s · 14 chunks`, the error, or `running…`),
 * which opens that invocation's details.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import type { InvocationBlock } from '../../core/invocations/syntax';
import { InvocationFiles, type LastResult } from './invocationFiles';

/** Provides the lenses; they change with the file, the environment and each result. */
export class InvocationCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly files: InvocationFiles) {
    this.onDidChangeCodeLenses = files.onDidChange;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!InvocationFiles.isInvocationFile(document)) return [];
    const file = this.files.read(document);
    if (file.invocations.length === 0) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const environment = this.files.environment;
    const lenses = [
      new vscode.CodeLens(top, {
        title: `$(run-all) Invoke All (${file.invocations.length})`,
        tooltip: 'Run every invocation of this file in order',
        command: commandId(Commands.invokeAllInFile),
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: `Environment: ${environment ?? 'none'}`,
        tooltip: 'Choose the environment whose variables {{…}} use',
        command: commandId(Commands.selectInvocationEnvironment),
        arguments: [document.uri],
      }),
    ];
    for (const { block, invocation } of file.invocations) {
      const line = document.positionAt(requestOffset(block)).line;
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(play) Invoke',
          tooltip: `Invoke ${block.name}`,
          command: commandId(Commands.invokeFromFile),
          arguments: [document.uri, block.index],
        }),
      );
      if (block.request?.kind !== 'url')
        lenses.push(
          new vscode.CodeLens(range, {
            title: 'Dry run',
            tooltip: 'Check the request and permissions without running the function',
            command: commandId(Commands.invokeFromFile),
            arguments: [document.uri, block.index, { dryRun: true }],
          }),
        );
      const result = this.files.lastResult(document.uri, block.name);
      const shown = resultText(result);
      if (shown)
        lenses.push(
          new vscode.CodeLens(range, {
            title: shown,
            tooltip: 'Show the details of the last run',
            command: result?.summary ? commandId(Commands.showInvocationDetails) : '',
            arguments: result?.summary ? [result.summary.id] : [],
          }),
        );
      else if (!invocation) lenses.push(new vscode.CodeLens(range, { title: '$(warning) has problems', command: '' }));
    }
    return lenses;
  }
}

/** Where the lenses of a block go: above its request line (or its ### line when it has none). */
function requestOffset(block: InvocationBlock): number {
  if (!block.request) return block.offset;
  return block.request.kind === 'invoke' ? block.request.keyword.offset : block.request.method.offset;
}

/** `200 · 1.2 s · 14 chunks`, `✗ Error after 3 chunks`, `running…`; undefined before the first run. */
export function resultText(result: LastResult | undefined): string | undefined {
  if (!result) return undefined;
  // A still icon: a spinning one redraws the window 60 times a second while the response streams
  // (see invocationProgress.ts).
  if (result.running) return '$(pulse) running…';
  const summary = result.summary;
  if (!summary) return undefined;
  const seconds = `${(summary.durationMs / 1000).toFixed(1)} s`;
  const chunks = `${summary.chunks} chunk${summary.chunks === 1 ? '' : 's'}`;
  if (summary.outcome === 'cancelled') return `$(circle-slash) cancelled · ${seconds}`;
  if (summary.outcome === 'failed') return `$(error) ${summary.errorCode ?? 'failed'} · ${seconds}`;
  if (summary.functionErrorCode) return `$(error) ${summary.functionErrorCode} · ${seconds} · ${chunks}`;
  return `${summary.statusCode ?? 200} · ${seconds} · ${chunks}`;
}
