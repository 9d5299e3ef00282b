/**
 * The live response document without VS Code. The extension's `DocumentSink` imports `vscode` at run time, so this
 * is its plain-Node twin: the same {@link ResponseText} model (the text the document shows) and the same
 * {@link UpdateBatcher} with the product's refresh rule from src/core/response/documentRefresh.ts (at most ~30
 * refreshes a second, stretched as the text grows, none without a change).
 *
 * Each refresh does what VS Code's side of `onDidChange` costs at the least: the model is rendered to one string and
 * that string is read end to end (`Buffer.byteLength` flattens and scans it, as serialising it to the renderer
 * would). The editor's own work (diffing, tokenising, painting) is not here; the code-server suite measures that.
 */
import type { InvokeLog } from '../../src/core/engine/events';
import type { InvocationOutcome } from '../../src/core/response/responseSummary';
import { ResponseText } from '../../src/core/response/responseText';
import { documentRefreshIntervalMs, ShownRevision } from '../../src/core/response/documentRefresh';
import { UpdateBatcher } from '../../src/core/response/updateBatcher';
import type { ChunkSink, StreamEvent } from '../../src/extension/output/sinks';

export class HeadlessDocumentSink implements ChunkSink {
  private readonly model: ResponseText;
  private readonly batcher: UpdateBatcher;
  /** Refreshes so far: the UI updates VS Code would have made. */
  refreshes = 0;
  /** UTF-8 bytes of all rendered texts together: what the refreshes would have re-sent. */
  renderedBytes = 0;
  private readonly shown = new ShownRevision();

  constructor(maxBodyBytes: number) {
    const description = {
      functionName: 'bench',
      connection: 'bench',
      startedAt: new Date(),
      payload: 'empty (the function receives {})',
    };
    const model = new ResponseText(description, { maxBodyBytes, saveHint: '"Save Output As…" (editor title)' });
    this.model = model;
    this.batcher = new UpdateBatcher(() => this.refresh(), {
      intervalMs: () => documentRefreshIntervalMs(model.bodyLength),
    });
  }

  accept(event: StreamEvent): void {
    this.model.apply(event);
    this.batcher.schedule();
  }

  finish(outcome: InvocationOutcome, log?: InvokeLog): void {
    this.model.finish(outcome, log);
    this.batcher.schedule();
    this.batcher.flushNow();
  }

  dispose(): void {
    this.batcher.dispose();
  }

  private refresh(): void {
    // As the product's document sink: a refresh without a change of the model re-sends nothing.
    if (!this.shown.advance(this.model.revision)) return;
    this.refreshes++;
    this.renderedBytes += Buffer.byteLength(this.model.render(), 'utf8');
  }
}
