/**
 * Shows a running invocation, with Cancel: always a status bar item (function and qualifier, bytes so far, elapsed
 * time; a click cancels), and a progress notification when the response goes only to the output channel. A live
 * response document needs no notification: its title bar has Cancel, and a toast would lie over the bottom right of
 * the editor area, where a document that follows its output shows the newest lines. Each invocation gets its own, so
 * several can run and be cancelled one by one. The figures are read from the invocation four times a second, not
 * per chunk.
 *
 * Neither shows an endless animation: the figures changing four times a second say the invocation is alive, and an
 * animation makes the window draw 60 frames a second for as long as the response streams. Measured in code-server
 * (chromium drawing without a GPU; `npm run bench`, screen suite, five runs of 100 stamps each): with a spinning
 * status bar icon and the notification's indeterminate bar, a chunk reached the screen in 36–48 ms (p50), the slowest
 * in 80–164 ms (p99); with either one alone, 34–38 ms and 50–227 ms; with neither, 19–27 ms and 41–72 ms. A toast
 * sliding in slowed the first stamps of each run by itself. So the icon is a still one, and the channel's
 * notification has a determinate bar that never moves (every report says `increment: 0`: no share of an unknown
 * total is done), which VS Code draws as a still sliver.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { formatBytes } from '../../core/engine/metrics';
import { formatCount, formatDuration } from '../../core/response/responseSummary';
import type { Invocation } from './invocation';

const TICK_MS = 250;

/** The status bar item (and notification) of one running invocation; disposing ends them. */
export class InvocationProgress implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly timer: NodeJS.Timeout;
  private report: ((message: string) => void) | undefined;
  private finish: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** @param notify also show a progress notification (when no live document shows the response) */
  constructor(
    private readonly invocation: Invocation,
    notify: boolean,
  ) {
    this.item = vscode.window.createStatusBarItem(
      `lambdaStream.invocation.${invocation.id}`,
      vscode.StatusBarAlignment.Left,
      50,
    );
    this.item.name = `Lambda Stream: ${invocation.label}`;
    this.item.tooltip = `Invoking ${invocation.label} on ${invocation.description.connection}. Click to cancel.`;
    this.item.command = {
      title: 'Cancel Invocation',
      command: commandId(Commands.cancelInvocation),
      arguments: [invocation.id],
    };
    this.disposables.push(this.item);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.tick();
    this.item.show();
    if (!notify) return;
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Invoking ${invocation.label} (${invocation.description.connection})`,
        cancellable: true,
      },
      (progress, token) => {
        token.onCancellationRequested(() => invocation.cancel(), null, this.disposables);
        let last = '';
        this.report = (message) => {
          if (message !== last) progress.report({ message, increment: 0 });
          last = message;
        };
        this.tick();
        return new Promise<void>((resolve) => (this.finish = resolve));
      },
    );
  }

  /** `1.2 KiB · 57 chunks · 3.40 s`, or `waiting for the first byte · 1.20 s`. */
  describe(): string {
    const { invocation } = this;
    const elapsed = formatDuration(invocation.elapsedMs);
    if (!invocation.firstByte) return `waiting for the first byte · ${elapsed}`;
    return `${formatBytes(invocation.bytes)} · ${formatCount(invocation.chunks, 'chunk')} · ${elapsed}`;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.finish?.();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private tick(): void {
    const figures = this.describe();
    this.item.text = `$(pulse) ${this.invocation.label} · ${figures.replace(/^waiting for the first byte/, 'waiting')}`;
    this.report?.(figures);
  }
}
