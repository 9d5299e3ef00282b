/**
 * "The person closed this file" as an event. VS Code's `onDidCloseTextDocument` fires only when a document is
 * disposed, which for a saved file can be minutes after its last tab closed, so diagnostics would linger in the
 * Problems panel. This watches the tabs instead and reports a document's Uri once no tab shows it any more.
 */
import * as vscode from 'vscode';

/** Calls `listener` with each Uri whose last tab was closed. */
export function onDidCloseLastTab(
  listener: (uri: vscode.Uri) => void,
  thisArgs: unknown,
  disposables: vscode.Disposable[],
): void {
  vscode.window.tabGroups.onDidChangeTabs(
    (event) => {
      if (event.closed.length === 0) return;
      const stillOpen = new Set(
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .flatMap((tab) => tabUris(tab).map((uri) => uri.toString())),
      );
      const reported = new Set<string>();
      for (const uri of event.closed.flatMap(tabUris)) {
        const key = uri.toString();
        if (stillOpen.has(key) || reported.has(key)) continue;
        reported.add(key);
        listener.call(thisArgs, uri);
      }
    },
    null,
    disposables,
  );
}

/** The documents a tab shows (a diff shows two). */
function tabUris(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
  return [];
}
