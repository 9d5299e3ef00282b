/**
 * The `lambda-stream:` documents: one read-only virtual document per invocation, opened with what that invocation's
 * {@link ResponseText} model has so far, then kept up to date by workspace edits at its two ends (the new output and
 * footer at the end, a changed header at the start). VS Code re-sends a content provider's document whole on every
 * change, and past 100,000 characters replaces the editor's whole text; an edit sends only the new text, and VS Code
 * applies it as it is. A provider's document has no dirty state and stays read-only to the person.
 *
 * URIs look like `lambda-stream:/Local/token-stream:live #3?<session>-3`: the tab shows `token-stream:live #3`, the
 * query keeps them unique across window reloads, where a restored tab says the response is gone.
 */
import * as vscode from 'vscode';
import { RESPONSE_SCHEME } from '../../constants';
import type { ResponseLanguage } from '../../core/response/responseLanguage';
import type { DocumentUpdate, ResponseText } from '../../core/response/responseText';

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
  /** Resolves once the document shows the model's last update (the footer included). */
  readonly settled: () => Promise<void>;
}

/** Serves each response document from its model while it is open, and forgets it when it closes. */
export class ResponseDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** The newest language asked for per document while a change is under way. */
  private readonly wantedLanguage = new Map<string, string>();
  /**
   * The language change under way per document: an update waits for it rather than finding the document closed,
   * and the close it causes is not the person closing the document.
   */
  private readonly relabelled = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /**
   * Part of the provider interface (the activation shell forwards it); never fired: a change reaches the document as
   * an edit ({@link applyUpdate}), because firing it would make VS Code ask for the whole text again.
   */
  readonly onDidChange = this.changed.event;

  constructor() {
    vscode.workspace.onDidCloseTextDocument((document) => this.closed(document), null, this.disposables);
  }

  /**
   * Serves `model` at `uri` until the document is closed; `onClosed` then tells the owner to stop updating it.
   * `settled` resolves once the document shows everything the owner gave it.
   */
  add(uri: vscode.Uri, model: ResponseText, onClosed: () => void, settled: () => Promise<void>): void {
    this.entries.set(uri.toString(), { model, onClosed, settled });
  }

  /** True while the document for `uri` is served (it was added and not closed). */
  has(uri: vscode.Uri): boolean {
    return this.entries.has(uri.toString());
  }

  /**
   * Applies `update` to the open document for `uri` as one workspace edit: the header replaced at the start, the
   * shown tail replaced at the end by the new output and tail. Resolves false when the document is not open (a
   * language change in progress is waited for) or VS Code refused the edit.
   */
  async applyUpdate(uri: vscode.Uri, update: DocumentUpdate): Promise<boolean> {
    const key = uri.toString();
    // A language change closes and reopens the document; the update goes as soon as it is back.
    await this.relabelled.get(key);
    const document = openDocument(key);
    if (!document || !this.entries.has(key)) return false;
    const edit = new vscode.WorkspaceEdit();
    if (update.header)
      edit.replace(uri, new vscode.Range(0, 0, lineBreaks(update.header.shown), 0), update.header.text);
    edit.replace(uri, endRange(document, update.tailShown), update.end);
    return vscode.workspace.applyEdit(edit);
  }

  /** The text the document shows once it settled (the last update applied); undefined once it was closed. */
  async settledText(uri: vscode.Uri): Promise<string | undefined> {
    const key = uri.toString();
    await this.entries.get(key)?.settled();
    if (!this.entries.has(key)) return undefined;
    return openDocument(key)?.getText();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const entry = this.entries.get(uri.toString());
    return entry
      ? entry.model.openingText()
      : '// This response is no longer available: it was closed, or the window was reloaded.\n';
  }

  /**
   * Opens the document beside the active editor without taking the focus, in the language `languageId` when given:
   * set before it is shown, so the first chunks do not wait for a change of language (one closes and reopens the
   * document, 30–120 ms in code-server, during which no edit can land).
   */
  async show(uri: vscode.Uri, languageId?: string): Promise<vscode.TextEditor> {
    let document = await vscode.workspace.openTextDocument(uri);
    if (languageId !== undefined) {
      // Does nothing when it already has that language; a change reopens it under a new object.
      await this.setLanguage(uri, languageId);
      document = openDocument(uri.toString()) ?? document;
    }
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
  setLanguage(uri: vscode.Uri, id: string): Promise<void> {
    const key = uri.toString();
    this.wantedLanguage.set(key, id);
    const running = this.relabelled.get(key);
    if (running) return running;
    const document = openDocument(key);
    if (!document || document.languageId === id) {
      this.wantedLanguage.delete(key);
      return Promise.resolve();
    }
    const change = this.relabel(key, id).finally(() => this.relabelled.delete(key));
    this.relabelled.set(key, change);
    return change;
  }

  private async relabel(key: string, id: string): Promise<void> {
    try {
      for (let wanted = id; ;) {
        const document = openDocument(key);
        if (!document || document.languageId === wanted) break;
        await vscode.languages.setTextDocumentLanguage(document, wanted);
        const next = this.wantedLanguage.get(key);
        if (next === undefined || next === wanted) break;
        wanted = next;
      }
    } catch {
      // the document was closed meanwhile, or the language is not installed: keep what it has
    } finally {
      this.wantedLanguage.delete(key);
    }
  }

  dispose(): void {
    this.entries.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (document.uri.scheme !== RESPONSE_SCHEME || this.relabelled.has(key)) return;
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.onClosed();
  }
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/** The range of the document's last characters that are `suffix`, found from its line lengths (no text is read). */
function endRange(document: vscode.TextDocument, suffix: string): vscode.Range {
  const last = document.lineCount - 1;
  const end = new vscode.Position(last, document.lineAt(last).text.length);
  const breaks = lineBreaks(suffix);
  const firstLine = last - breaks;
  const firstPart = breaks === 0 ? suffix.length : suffix.indexOf('\n');
  const start =
    breaks === 0
      ? new vscode.Position(last, end.character - firstPart)
      : new vscode.Position(firstLine, document.lineAt(firstLine).text.length - firstPart);
  return new vscode.Range(start, end);
}

/** The open document whose URI is `key` (VS Code reopens it under a new object when its language changes). */
function openDocument(key: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
}
