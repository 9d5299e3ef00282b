/**
 * The live response document without VS Code. The extension's `DocumentSink` imports `vscode` at run time, so this
 * is its plain-Node twin: the same {@link ResponseText} model and the same {@link UpdateBatcher} (at most ~30 updates
 * a second, none without a change), opened with the model's opening text as the content provider serves it.
 *
 * Each update does what VS Code's side of the extension's workspace edit costs at the least: the model's update is
 * made (the header when it changed, and the end: the output since the last update as one string, then the notes and
 * the footer) and those strings are read end to end (`Buffer.byteLength` flattens and scans them, as serialising the
 * edit to the window would), then the model is told the document took it. The window answers at once here, so
 * no update is ever on its way when the next is due. The editor's own work (applying, tokenising, painting) and
 * VS Code's copy of the text are not here; the code-server suite measures those.
 */
import type { InvokeLog } from '../../src/core/engine/events';
import type { InvocationOutcome } from '../../src/core/response/responseSummary';
import { ResponseText } from '../../src/core/response/responseText';
import { UpdateBatcher } from '../../src/core/response/updateBatcher';
import type { ChunkSink, StreamEvent } from '../../src/extension/output/sinks';

export class HeadlessDocumentSink implements ChunkSink {
  private readonly model: ResponseText;
  private readonly batcher: UpdateBatcher;
  /** Updates so far: the UI updates VS Code would have made. */
  refreshes = 0;
  /** UTF-8 bytes of all updates together (the opening text included): what the window would have been sent. */
  renderedBytes = 0;

  constructor(maxBodyBytes: number) {
    const description = {
      functionName: 'bench',
      connection: 'bench',
      startedAt: new Date(),
      payload: 'empty (the function receives {})',
    };
    this.model = new ResponseText(description, { maxBodyBytes, saveHint: '"Save Output As…" (editor title)' });
    this.batcher = new UpdateBatcher(() => this.update());
    // As the product: the document is opened (its text served) before the first event is read.
    this.renderedBytes += Buffer.byteLength(this.model.openingText(), 'utf8');
  }

  accept(event: StreamEvent): void {
    this.model.apply(event);
    // As the product's sink: an update at once when a lot of output waits, else at the batcher's next tick.
    this.batcher.schedule();
    if (this.model.updateDueNow) this.batcher.flushNow();
  }

  finish(outcome: InvocationOutcome, log?: InvokeLog): void {
    this.model.finish(outcome, log);
    this.batcher.schedule();
    this.batcher.flushNow();
  }

  dispose(): void {
    this.batcher.dispose();
  }

  private update(): void {
    const update = this.model.update();
    if (!update) return;
    this.refreshes++;
    this.renderedBytes += Buffer.byteLength(update.end, 'utf8') + Buffer.byteLength(update.tailShown, 'utf8');
    if (update.header) this.renderedBytes += Buffer.byteLength(update.header.text, 'utf8');
    this.model.commit(update);
  }
}
