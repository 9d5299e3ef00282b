/**
 * The quick pick behind "Show Recent Invocations": one row per invocation, newest first, with target, connection,
 * payload source, outcome and duration. Accepting a row runs it again; its buttons open the details (metrics and
 * chunk timeline) or the output.
 */
import * as vscode from 'vscode';
import { formatBytes } from '../../core/engine/metrics';
import { formatCount, formatDuration } from '../../core/response/responseSummary';
import { type InvocationRecord, payloadDescription, type RecordStatus } from './invocationRecord';

/** What the person chose to do with a record. */
export type RecentChoice = {
  readonly action: 'rerun' | 'details' | 'output' | 'addToFile';
  readonly record: InvocationRecord;
};

interface RecordItem extends vscode.QuickPickItem {
  readonly record: InvocationRecord;
}

const ICONS: Record<RecordStatus, string> = {
  running: '$(loading~spin)',
  succeeded: '$(pass)',
  functionError: '$(error)',
  failed: '$(error)',
  cancelled: '$(circle-slash)',
};

const DETAILS_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('graph'),
  tooltip: 'Show Invocation Details',
};
const OUTPUT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('output'), tooltip: 'Show Output' };
const FILE_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('new-file'),
  tooltip: 'Add to Invocation File…',
};

/** Shows the pick; resolves with the choice, or undefined when dismissed. */
export function pickRecentInvocation(records: readonly InvocationRecord[]): Promise<RecentChoice | undefined> {
  const pick = vscode.window.createQuickPick<RecordItem>();
  const disposables: vscode.Disposable[] = [pick];
  pick.title = 'Recent Invocations';
  pick.placeholder = 'Choose one to run it again (same target, payload and options)';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.items = records.map(itemFor);
  return new Promise((resolve) => {
    pick.onDidAccept(
      () => {
        const record = pick.selectedItems[0]?.record;
        if (!record) return;
        resolve({ action: 'rerun', record });
        pick.hide();
      },
      null,
      disposables,
    );
    pick.onDidTriggerItemButton(
      (event) => {
        const action =
          event.button === DETAILS_BUTTON ? 'details' : event.button === FILE_BUTTON ? 'addToFile' : 'output';
        resolve({ action, record: event.item.record });
        pick.hide();
      },
      null,
      disposables,
    );
    pick.onDidHide(
      () => {
        resolve(undefined);
        for (const disposable of disposables) disposable.dispose();
      },
      null,
      disposables,
    );
    pick.show();
  });
}

function itemFor(record: InvocationRecord): RecordItem {
  const { metrics } = record;
  const outcome =
    record.status === 'succeeded' ? 'completed' : record.status === 'cancelled' ? 'cancelled' : record.sentence;
  const figures = [
    formatBytes(metrics.bytes),
    formatCount(metrics.chunks, 'chunk'),
    formatDuration(metrics.durationMs),
    clock(record.startedAt),
  ];
  return {
    label: `${ICONS[record.status]} ${record.targetLabel}`,
    description: `${record.connectionLabel} · ${payloadDescription(record)}`,
    detail: `${outcome} · ${figures.join(' · ')}`,
    buttons: record.documentUri ? [DETAILS_BUTTON, OUTPUT_BUTTON, FILE_BUTTON] : [DETAILS_BUTTON, FILE_BUTTON],
    record,
  };
}

function clock(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
