/**
 * Shows a running invocation in two places, both with Cancel: a progress notification and a status bar item
 * (function and qualifier, bytes so far, elapsed time). Each invocation gets its own, so several can run and be
 * cancelled one by one. The figures are read from the invocation four times a second, not per chunk.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../../constants';
import { formatBytes } from '../../core/engine/metrics';
import { formatCount, formatDuration } from '../../core/response/responseSummary';
import type { Invocation } from './invocation';

const TICK_MS = 250;

/** The notification and status bar item of one running invocation; disposing ends both. */
export class InvocationProgress implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly timer: NodeJS.Timeout;
  private report: ((message: string) => void) | undefined;
  private finish: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly invocation: Invocation) {
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
          if (message !== last) progress.report({ message });
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
    this.item.text = `$(loading~spin) ${this.invocation.label} · ${figures.replace(/^waiting for the first byte/, 'waiting')}`;
    this.report?.(figures);
  }
}
