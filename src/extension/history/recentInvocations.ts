/**
 * The "Recent Invocations" list: a record of every invocation that ends, newest first, kept in the workspace state
 * (the last {@link MAX_KEPT}) so the list and its details survive a window reload. Re-running one sends the same
 * payload text with the same options to the same target; a payload too large to keep is read from its file again.
 * The list in memory is the truth; it is written to the workspace state at most once a second, because every write
 * sends the whole list (timelines included) to the workbench, which a burst of invocations must not flood.
 */
import * as vscode from 'vscode';
import type { InvocationRequest } from '../request';
import type { InvocationRegistry } from '../output/invocationRegistry';
import { isFunctionTarget } from '../targets';
import { type InvocationRecord, recordKeyFor } from './invocationRecord';
import { recordInvocation } from './recordInvocation';

/** Records kept in the workspace state. */
export const MAX_KEPT = 30;
const STATE_KEY = 'lambdaStream.history.recentInvocations';
const SAVE_DELAY_MS = 1000;

/** The recent invocations of this workspace. */
export class RecentInvocations implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<InvocationRecord>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private cache: InvocationRecord[] | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  /** Fires with each new record. */
  readonly onDidAdd = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    registry: InvocationRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    registry.onDidFinish((invocation) => this.add(recordInvocation(invocation)), null, this.disposables);
  }

  /** Newest first. */
  get records(): readonly InvocationRecord[] {
    if (!this.cache) {
      const stored = this.state.get<unknown>(STATE_KEY);
      this.cache = Array.isArray(stored) ? stored.filter(isRecord) : [];
    }
    return this.cache;
  }

  /** The record with this key, or of this window's invocation id. */
  find(keyOrId: string | number): InvocationRecord | undefined {
    const key = typeof keyOrId === 'number' ? recordKeyFor(keyOrId) : keyOrId;
    return this.records.find((record) => record.key === key);
  }

  /** The request that runs a record again; undefined when its payload can no longer be read. */
  async requestFor(record: InvocationRecord): Promise<InvocationRequest | undefined> {
    const uri = record.payload.uri ? vscode.Uri.parse(record.payload.uri) : undefined;
    let text = record.payload.text;
    if (text === undefined && uri) {
      text = await vscode.workspace.openTextDocument(uri).then(
        (document) => document.getText(),
        () => undefined,
      );
      if (text !== undefined)
        this.log.info(
          `Re-running ${record.targetLabel}: its payload was too large to keep, so ${record.payload.label} was read again.`,
        );
    }
    if (text === undefined) return undefined;
    return {
      target: record.target,
      choices: record.choices,
      payload: { text, label: record.payload.label, uri },
      ...(record.via === 'functionUrl' || record.via === 'buffered' ? { via: record.via } : {}),
      ...(record.functionUrl ? { functionUrl: record.functionUrl } : {}),
    };
  }

  dispose(): void {
    if (this.saveTimer) this.save();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private add(record: InvocationRecord): void {
    this.cache = [record, ...this.records.filter((other) => other.key !== record.key)].slice(0, MAX_KEPT);
    this.changed.fire(record);
    this.saveTimer ??= setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    Promise.resolve(this.state.update(STATE_KEY, this.cache)).catch((error: unknown) =>
      this.log.warn(`The invocation history could not be saved: ${String(error)}`),
    );
  }
}

function isRecord(value: unknown): value is InvocationRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<InvocationRecord>;
  return (
    typeof record.key === 'string' &&
    typeof record.startedAt === 'number' &&
    isFunctionTarget(record.target) &&
    typeof record.metrics === 'object'
  );
}
