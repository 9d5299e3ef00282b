/**
 * The Invocation Details webviews: one panel per invocation (shown again if already open), a strict CSP page from
 * `detailsHtml.ts` whose assets come from `media/` only, filled with the model the script asks for when it loads
 * (and again whenever the panel is shown after being hidden, since its context is not retained). A running
 * invocation's panel is refreshed twice a second until it ends, so the chart grows with the stream.
 */
import * as vscode from 'vscode';
import type { Invocation } from '../output/invocation';
import type { InvocationRegistry } from '../output/invocationRegistry';
import { createNonce, detailsHtml } from './detailsHtml';
import { type DetailsModel, detailsModel } from './detailsModel';
import { type InvocationRecord, recordKeyFor } from './invocationRecord';
import { recordInvocation } from './recordInvocation';

/** The panels' view type (also the id VS Code restores them by). */
export const DETAILS_VIEW_TYPE = 'lambdaStream.invocationDetails';
const LIVE_REFRESH_MS = 500;

/** The extension's `media/` folder: where the pages' assets live, and the only folder they may load from. */
export function detailsMediaUri(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

/**
 * What a details page may do: run its own script (the CSP admits only the nonce'd one), load files from the
 * extension's `media/` and nowhere else on disk (not the workspace, not the extension's code), and neither submit
 * forms nor follow `command:` links.
 */
export function detailsWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    enableFindWidget: true,
    localResourceRoots: [detailsMediaUri(extensionUri)],
  };
}

interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  readonly model: () => DetailsModel;
  timer?: NodeJS.Timeout;
}

/** Opens and refreshes the details panels. */
export class InvocationDetailsPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly mediaUri: vscode.Uri;

  constructor(
    private readonly extensionUri: vscode.Uri,
    registry: InvocationRegistry,
  ) {
    this.mediaUri = detailsMediaUri(extensionUri);
    registry.onDidFinish((invocation) => this.ended(invocation), null, this.disposables);
  }

  /** Shows the details of an invocation of this window, refreshed while it runs. */
  showLive(invocation: Invocation): DetailsModel {
    return this.show(() => detailsModel(recordInvocation(invocation)), invocation.isRunning);
  }

  /** Shows the details of a stored record. */
  showRecord(record: InvocationRecord): DetailsModel {
    return this.show(() => detailsModel(record), false);
  }

  private show(model: () => DetailsModel, running: boolean): DetailsModel {
    const current = model();
    const existing = this.open.get(current.key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      this.post(existing);
      return current;
    }
    const entry: OpenPanel = { panel: this.createPanel(current.title), model };
    this.open.set(current.key, entry);
    const disposables: vscode.Disposable[] = [];
    entry.panel.webview.onDidReceiveMessage(
      (message: unknown) => {
        if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready')
          this.post(entry);
      },
      null,
      disposables,
    );
    entry.panel.onDidDispose(
      () => {
        clearInterval(entry.timer);
        this.open.delete(current.key);
        for (const disposable of disposables) disposable.dispose();
      },
      null,
      disposables,
    );
    if (running) entry.timer = setInterval(() => this.post(entry), LIVE_REFRESH_MS);
    return current;
  }

  dispose(): void {
    for (const entry of [...this.open.values()]) entry.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private createPanel(title: string): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      `Details: ${title}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      detailsWebviewOptions(this.extensionUri),
    );
    panel.iconPath = vscode.Uri.joinPath(this.mediaUri, 'lambda-stream.svg');
    const asset = (name: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(this.mediaUri, 'details', name)).toString();
    panel.webview.html = detailsHtml(
      {
        cspSource: panel.webview.cspSource,
        nonce: createNonce(),
        styleUri: asset('details.css'),
        scriptUri: asset('details.js'),
      },
      title,
    );
    return panel;
  }

  private post(entry: OpenPanel): void {
    void entry.panel.webview.postMessage({ type: 'model', model: entry.model() });
  }

  /** A live panel's invocation ended: one last refresh with the outcome, then no more. */
  private ended(invocation: Invocation): void {
    const entry = this.open.get(recordKeyFor(invocation.id));
    if (!entry?.timer) return;
    clearInterval(entry.timer);
    entry.timer = undefined;
    this.post(entry);
  }
}
