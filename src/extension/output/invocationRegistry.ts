/**
 * The invocations of this window: the running ones (each cancellable on its own) and the last few finished ones,
 * whose output files "Save Output As…" still needs. Older output files are deleted as new invocations finish, all of
 * them when the extension stops, and leftovers of earlier sessions at start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContextKeys } from '../../constants';
import type { Invocation } from './invocation';

/** Finished invocations whose output file is kept. */
const KEEP_FINISHED = 10;
/** Output files older than this, left by an earlier session, are removed at start. */
const STALE_MS = 24 * 60 * 60 * 1000;

/** Running and recently finished invocations, by id and by document, for Cancel and Save Output As…. */
export class InvocationRegistry implements vscode.Disposable {
  private readonly running = new Map<number, Invocation>();
  private finishedList: Invocation[] = [];
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly ended = new vscode.EventEmitter<Invocation>();
  /** Fires when an invocation starts or ends. */
  readonly onDidChange = this.changed.event;
  /** Fires with each invocation once its outcome is known (history, diagnostics on failed responses). */
  readonly onDidFinish = this.ended.event;

  /** @param outputDir where output files are written (the extension's storage) */
  constructor(readonly outputDir: string) {
    void removeStaleFiles(outputDir);
  }

  /** The id for the next invocation. */
  allocateId(): number {
    return this.nextId++;
  }

  /** The file for an invocation's output. */
  outputFile(id: number): string {
    return path.join(this.outputDir, `${process.pid}-${Date.now().toString(36)}-${id}.out`);
  }

  add(invocation: Invocation): void {
    this.running.set(invocation.id, invocation);
    this.update();
  }

  /** The invocation ended: it moves to the finished list, and the oldest finished one loses its output file. */
  finished(invocation: Invocation): void {
    this.running.delete(invocation.id);
    this.finishedList = [invocation, ...this.finishedList];
    for (const old of this.finishedList.splice(KEEP_FINISHED)) void old.spool.delete();
    this.update();
    this.ended.fire(invocation);
  }

  get runningInvocations(): readonly Invocation[] {
    return [...this.running.values()];
  }

  get(id: number): Invocation | undefined {
    return this.running.get(id) ?? this.finishedList.find((invocation) => invocation.id === id);
  }

  /** The invocation shown in a response document. */
  byDocument(uri: vscode.Uri): Invocation | undefined {
    const key = uri.toString();
    return [...this.running.values(), ...this.finishedList].find(
      (invocation) => invocation.documentUri?.toString() === key,
    );
  }

  /** The most recent invocation (running or finished). */
  get latest(): Invocation | undefined {
    return [...this.running.values()].at(-1) ?? this.finishedList[0];
  }

  dispose(): void {
    for (const invocation of this.running.values()) invocation.cancel();
    for (const invocation of [...this.running.values(), ...this.finishedList]) void invocation.spool.delete();
    this.running.clear();
    this.finishedList = [];
    this.changed.dispose();
    this.ended.dispose();
  }

  private update(): void {
    const documents = [...this.running.values()].flatMap((invocation) =>
      invocation.documentUri ? [invocation.documentUri.toString()] : [],
    );
    void vscode.commands.executeCommand('setContext', ContextKeys.runningResponses, documents);
    this.changed.fire();
  }
}

async function removeStaleFiles(dir: string): Promise<void> {
  try {
    const now = Date.now();
    for (const name of await fs.promises.readdir(dir)) {
      const file = path.join(dir, name);
      const stat = await fs.promises.stat(file);
      if (now - stat.mtimeMs > STALE_MS) await fs.promises.rm(file, { force: true });
    }
  } catch {
    // no folder yet: nothing to clean
  }
}
