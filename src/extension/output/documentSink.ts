/**
 * Feeds one invocation into its live response document: every event goes into the {@link ResponseText} model at
 * once, and an {@link UpdateBatcher} (about 30 times a second at most, whatever the chunk rate) sends the document
 * the model's update: the output that arrived since, as one edit at the document's end. One update is on its way at a
 * time; what arrives meanwhile goes with the next, so a slow window gets fewer, larger edits rather than a queue.
 * Closing the document drops the model; the invocation goes on elsewhere.
 */
import type * as vscode from 'vscode';
import type { InvokeLog } from '../../core/engine/events';
import type { InvocationDescription, InvocationOutcome } from '../../core/response/responseSummary';
import { ResponseText } from '../../core/response/responseText';
import { UpdateBatcher } from '../../core/response/updateBatcher';
import type { FollowOutput } from './followOutput';
import { languageIdFor, type ResponseDocumentProvider } from './responseDocument';
import type { ChunkSink, StreamEvent } from './sinks';

/**
 * Past this much text the document is shown as VS Code's plain text: tokenising and highlighting tens of MB costs
 * the window more than receiving them. VS Code only applies its own large-file optimisations to documents that were
 * large when opened.
 */
export const LARGE_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** How long to wait before trying again when the document is briefly not open (a language change reopens it). */
const RETRY_MS = 50;

/** One invocation's live document: its model, the batcher that updates it, and its place in the provider. */
export class DocumentSink implements ChunkSink {
  private model: ResponseText | undefined;
  private readonly batcher: UpdateBatcher;
  private closed = false;
  private finished = false;
  /** An update is on its way to the window. */
  private sending = false;
  private retry: NodeJS.Timeout | undefined;
  private settledWaiters: Array<() => void> = [];

  constructor(
    readonly uri: vscode.Uri,
    description: InvocationDescription,
    maxBodyBytes: number,
    private readonly documents: ResponseDocumentProvider,
    private readonly follow: FollowOutput,
  ) {
    const model = new ResponseText(description, { maxBodyBytes, saveHint: '"Save Output As…" (editor title)' });
    this.model = model;
    this.batcher = new UpdateBatcher(() => this.send());
    documents.add(
      uri,
      model,
      () => this.dropped(),
      () => this.settled(),
    );
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
    await this.documents.show(this.uri, this.model ? languageIdFor(this.model.language) : undefined);
  }

  accept(event: StreamEvent): void {
    if (!this.model) return;
    this.model.apply(event);
    this.batcher.schedule();
    if (this.model.updateDueNow) this.batcher.flushNow();
  }

  finish(outcome: InvocationOutcome, log?: InvokeLog): void {
    if (!this.model) return;
    this.model.finish(outcome, log);
    this.finished = true;
    this.batcher.schedule();
    this.batcher.flushNow();
  }

  /** Stops the batching; the last updates still reach the document (they are sent as soon as the one before lands). */
  dispose(): void {
    this.batcher.dispose();
  }

  /** Resolves once the document shows the outcome and everything before it (at once when it was closed). */
  settled(): Promise<void> {
    if (this.closed || (this.finished && !this.sending && !this.model?.hasUpdate)) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private send(): void {
    const model = this.model;
    if (!model || this.sending) return;
    const update = model.update();
    if (!update) return this.checkSettled();
    this.sending = true;
    void this.documents.applyUpdate(this.uri, update).then(
      (applied) => this.landed(update, applied),
      () => this.landed(update, false),
    );
    const large = model.bodyLength > LARGE_DOCUMENT_BYTES;
    void this.documents.setLanguage(this.uri, large ? 'plaintext' : languageIdFor(model.language));
  }

  private landed(update: Parameters<ResponseText['commit']>[0], applied: boolean): void {
    this.sending = false;
    if (!this.model) return this.checkSettled();
    if (applied) this.model.commit(update);
    if (!this.model.hasUpdate) return this.checkSettled();
    if (!applied) {
      // not open for a moment (a language change), or the edit was refused: the same update, grown, goes later
      this.retry ??= setTimeout(() => {
        this.retry = undefined;
        this.send();
      }, RETRY_MS);
    } else if (this.finished) {
      this.send();
    } else {
      this.batcher.schedule();
    }
  }

  private checkSettled(): void {
    if (!this.closed && (!this.finished || this.sending || this.model?.hasUpdate)) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private dropped(): void {
    this.closed = true;
    this.model = undefined;
    this.batcher.dispose();
    if (this.retry) clearTimeout(this.retry);
    this.follow.forget(this.uri);
    this.checkSettled();
  }
}
