/**
 * Feeds one invocation into its live response document: every event goes into the plain {@link ResponseText}
 * model at once, and the document is refreshed by an {@link UpdateBatcher} (about 30 times a second at most,
 * whatever the chunk rate). A virtual document is re-sent whole on each refresh, so the interval stretches as the
 * text grows; the cap keeps it bounded. Closing the document drops the model; the invocation goes on elsewhere.
 */
import type * as vscode from 'vscode';
import type { InvokeLog } from '../../core/engine/events';
import type { InvocationDescription, InvocationOutcome } from '../../core/response/responseSummary';
import { ResponseText } from '../../core/response/responseText';
import { documentRefreshIntervalMs, ShownRevision } from '../../core/response/documentRefresh';
import { UpdateBatcher } from '../../core/response/updateBatcher';
import type { FollowOutput } from './followOutput';
import { languageIdFor, type ResponseDocumentProvider } from './responseDocument';
import type { ChunkSink, StreamEvent } from './sinks';

/**
 * Past this much text the document is shown as VS Code's plain text: highlighting and wrapping a document that is
 * re-sent whole costs the renderer several times more than the text itself (measured: 30 MB took 4x as long).
 * VS Code only applies its own large-file optimisations to documents that were large when opened.
 */
export const LARGE_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** One invocation's live document: its model, the batcher that refreshes it, and its place in the provider. */
export class DocumentSink implements ChunkSink {
  private model: ResponseText | undefined;
  private readonly batcher: UpdateBatcher;
  private closed = false;
  /** The model's revision the document last showed: a refresh without a change re-sends nothing. */
  private readonly shown = new ShownRevision();

  constructor(
    readonly uri: vscode.Uri,
    description: InvocationDescription,
    maxBodyBytes: number,
    private readonly documents: ResponseDocumentProvider,
    private readonly follow: FollowOutput,
  ) {
    const model = new ResponseText(description, { maxBodyBytes, saveHint: '"Save Output As…" (editor title)' });
    this.model = model;
    this.batcher = new UpdateBatcher(() => this.refresh(), {
      intervalMs: () => documentRefreshIntervalMs(this.model?.bodyLength ?? 0),
    });
    documents.add(uri, model, () => this.dropped());
    follow.follow(uri);
  }

  /** True once the user closed the document (the model is gone). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The model behind the document while it is open (tests and "Save Output As…" read its state). */
  get text(): ResponseText | undefined {
    return this.model;
  }

  /** Opens the document beside the payload. */
  async open(): Promise<void> {
    await this.documents.show(this.uri);
  }

  accept(event: StreamEvent): void {
    if (!this.model) return;
    this.model.apply(event);
    this.batcher.schedule();
  }

  finish(outcome: InvocationOutcome, log?: InvokeLog): void {
    if (!this.model) return;
    this.model.finish(outcome, log);
    this.batcher.schedule();
    this.batcher.flushNow();
  }

  dispose(): void {
    this.batcher.dispose();
  }

  private refresh(): void {
    if (!this.model || !this.shown.advance(this.model.revision)) return;
    this.documents.refresh(this.uri);
    const large = this.model.bodyLength > LARGE_DOCUMENT_BYTES;
    void this.documents.setLanguage(this.uri, large ? 'plaintext' : languageIdFor(this.model.language));
  }

  private dropped(): void {
    this.closed = true;
    this.model = undefined;
    this.batcher.dispose();
    this.follow.forget(this.uri);
  }
}
