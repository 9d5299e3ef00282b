/**
 * The `lambda-stream:` documents: one read-only virtual document per invocation, whose text is rendered from that
 * invocation's {@link ResponseText} model (the streaming pattern of the contentprovider sample: a model per URI that
 * returns what it has at once, keeps filling, fires `onDidChange` per batch, and is dropped when the document closes).
 *
 * URIs look like `lambda-stream:/Local/token-stream:live #3?<session>-3`: the tab shows `token-stream:live #3`, the
 * query keeps them unique across window reloads, where a restored tab says the response is gone.
 */
import * as vscode from 'vscode';
import { RESPONSE_SCHEME } from '../../constants';
import type { ResponseLanguage } from '../../core/response/responseLanguage';
import type { ResponseText } from '../../core/response/responseText';

const SESSION = Date.now().toString(36);
let counter = 0;

/**
 * VS Code's language ids for the response languages. JSON gets `jsonc` so the annotations may be comments; plain
 * text gets our own `lambda-stream-text` (package.json), which wraps long lines (a token stream is often one long
 * line) and shows the annotations as comments.
 */
const LANGUAGE_IDS: Record<ResponseLanguage, string> = {
  json: 'jsonc',
  jsonl: 'jsonl',
  html: 'html',
  markdown: 'markdown',
  xml: 'xml',
  plaintext: 'lambda-stream-text',
};

/** The VS Code language id a response in `language` is shown with. */
export function languageIdFor(language: ResponseLanguage): string {
  return LANGUAGE_IDS[language];
}

/** A new, unique URI for one invocation's response document. */
export function newResponseUri(label: string, connection: string): vscode.Uri {
  counter++;
  const safe = (text: string) => text.replace(/[/\\?#]/g, '_');
  return vscode.Uri.from({
    scheme: RESPONSE_SCHEME,
    path: `/${safe(connection)}/${safe(label)} #${counter}`,
    query: `${SESSION}-${counter}`,
  });
}

interface Entry {
  readonly model: ResponseText;
  readonly onClosed: () => void;
}

/** Serves each response document from its model while it is open, and forgets it when it closes. */
export class ResponseDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Documents whose language is being changed: VS Code closes and reopens them, which must not drop the model. */
  private readonly relabelling = new Set<string>();
  /** The newest language asked for per document while a change is under way. */
  private readonly wantedLanguage = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor() {
    vscode.workspace.onDidCloseTextDocument((document) => this.closed(document), null, this.disposables);
  }

  /** Serves `model` at `uri` until the document is closed; `onClosed` then tells the owner to stop rendering. */
  add(uri: vscode.Uri, model: ResponseText, onClosed: () => void): void {
    this.entries.set(uri.toString(), { model, onClosed });
  }

  /** True while the document for `uri` is served (it was added and not closed). */
  has(uri: vscode.Uri): boolean {
    return this.entries.has(uri.toString());
  }

  /** The model changed: VS Code asks for the text again. Call at most once per batch. */
  refresh(uri: vscode.Uri): void {
    if (this.entries.has(uri.toString())) this.changed.fire(uri);
  }

  /** The text the document shows (or will show at its next refresh); undefined once it was closed. */
  renderedText(uri: vscode.Uri): string | undefined {
    return this.entries.get(uri.toString())?.model.render();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const entry = this.entries.get(uri.toString());
    return entry
      ? entry.model.render()
      : '// This response is no longer available: it was closed, or the window was reloaded.\n';
  }

  /** Opens the document beside the active editor without taking the focus. */
  async show(uri: vscode.Uri): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: false,
    });
  }

  /**
   * Shows the document in the language `id`, if it is open and not in it already. A change asked for while another
   * is under way is not dropped: the running one applies the newest wish when it ends (else a response first guessed
   * as JSON could stay JSON after its later lines showed it is JSON Lines).
   */
  async setLanguage(uri: vscode.Uri, id: string): Promise<void> {
    const key = uri.toString();
    this.wantedLanguage.set(key, id);
    if (this.relabelling.has(key)) return;
    this.relabelling.add(key);
    try {
      for (let wanted = id; ;) {
        const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
        if (!document || document.languageId === wanted) break;
        await vscode.languages.setTextDocumentLanguage(document, wanted);
        const next = this.wantedLanguage.get(key);
        if (next === undefined || next === wanted) break;
        wanted = next;
      }
    } catch {
      // the document was closed meanwhile, or the language is not installed: keep what it has
    } finally {
      this.relabelling.delete(key);
      this.wantedLanguage.delete(key);
    }
  }

  dispose(): void {
    this.entries.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (document.uri.scheme !== RESPONSE_SCHEME || this.relabelling.has(key)) return;
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.onClosed();
  }
}
