/**
 * The invoke feature's long-lived parts, built once when the features load: the `lambda-stream:` document provider
 * (registered at activation by the shell, which hands it every request), the "Lambda Stream" output channel, the
 * registry of invocations, the invoke memory (targets per payload, last request), and the runner. The commands
 * (invokeCommand.ts, outputCommands.ts) are thin flows over this object.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from '../../constants';
import type { ExtensionContextServices } from '../services';
import { ChannelWriter } from '../output/channelSink';
import { FollowOutput } from '../output/followOutput';
import type { InvocationRequest } from '../request';
import { InvokeMemory } from './invokeMemory';
import type { Invocation, InvocationSummary } from '../output/invocation';
import { InvocationRegistry } from '../output/invocationRegistry';
import { InvocationRunner } from '../output/invocationRunner';
import { NoticeGate } from '../notifications/noticeGate';
import { notifyOutcome, type OutcomeActions } from '../notifications/outcomeNotifications';
import { showPayloadProblem, showPayloadSize } from '../notifications/payloadActions';
import { ResponseDocumentProvider } from '../output/responseDocument';
import type { FunctionSource } from './targetPicker';

/** The invoke feature's shared parts; disposing it closes the channel and deletes the output files. */
export class InvokeFeature implements vscode.Disposable {
  readonly documents = new ResponseDocumentProvider();
  readonly follow = new FollowOutput();
  readonly channel = new ChannelWriter(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME));
  readonly registry: InvocationRegistry;
  readonly memory: InvokeMemory;
  /** Folds repeated failure notifications with the same cause into one. */
  readonly gate = new NoticeGate();
  private readonly runner: InvocationRunner;
  private readonly disposables: vscode.Disposable[] = [];

  /**
   * @param sources where the target pick lists functions, aliases and versions
   * @param pickAgain runs the target pick for a request's payload ("Choose Another Function")
   */
  constructor(
    readonly services: ExtensionContextServices,
    readonly sources: FunctionSource,
    private readonly pickAgain: (request: InvocationRequest) => void,
  ) {
    const storage = services.context.storageUri ?? services.context.globalStorageUri;
    this.registry = new InvocationRegistry(path.join(storage.fsPath, 'outputs'));
    this.memory = new InvokeMemory(services.context.workspaceState);
    const notices = { actions: this.actions(), gate: this.gate, log: services.log };
    this.runner = new InvocationRunner({
      services,
      registry: this.registry,
      channel: this.channel,
      documents: this.documents,
      follow: this.follow,
    });
    this.registry.onDidFinish((invocation) => notifyOutcome(invocation, notices), null, this.disposables);
    this.disposables.push(this.documents, this.follow, this.channel, this.registry, this.memory);
  }

  /** Remembers the request (target per payload file, last invocation) and runs it to its end. */
  async run(request: InvocationRequest): Promise<InvocationSummary> {
    await this.memory.remember(request);
    return this.runner.run(request);
  }

  /** Reveals where an invocation's output is: its document (scrolled to the end) or the channel. */
  async reveal(invocation: Invocation): Promise<void> {
    const uri = invocation.documentUri;
    if (uri && this.documents.has(uri)) {
      const editor = await vscode.window.showTextDocument(uri, {
        preview: false,
        viewColumn: vscode.ViewColumn.Beside,
      });
      const last = editor.document.lineCount - 1;
      editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    this.channel.channel.show(true);
  }

  /** Asks where to save an invocation's output and writes the bytes exactly as the function wrote them. */
  async saveOutput(invocation: Invocation): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${invocation.label.replace(/[^\w.-]+/g, '-')}-output${invocation.bytes > 0 && invocation.outcome?.kind === 'completed' && !invocation.outcome.complete.binary ? '.txt' : '.bin'}`;
    const destination = await vscode.window.showSaveDialog({
      title: `Save the output of ${invocation.label}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    });
    if (!destination) return;
    try {
      await invocation.spool.saveAs(destination.fsPath);
      const choice = await vscode.window.showInformationMessage(
        `Saved ${invocation.spool.bytesWritten.toLocaleString('en-US')} bytes to ${vscode.workspace.asRelativePath(destination)}.`,
        'Open',
      );
      if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', destination);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `The output could not be saved: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
  }

  dispose(): void {
    for (const disposable of this.disposables.reverse()) disposable.dispose();
  }

  private actions(): OutcomeActions {
    return {
      rerun: (invocation) => void this.run(invocation.request),
      chooseAnotherFunction: (invocation) => this.pickAgain(invocation.request),
      showOutput: (invocation) => void this.reveal(invocation),
      saveOutput: (invocation) => void this.saveOutput(invocation),
      openFullOutput: (invocation) =>
        void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(invocation.spool.filePath)),
      showPayloadSize: (invocation, limit) => void showPayloadSize(invocation, limit),
      showPayloadProblem: (invocation) => void showPayloadProblem(invocation),
    };
  }
}
