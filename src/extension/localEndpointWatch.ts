/**
 * Tells the person when the Local endpoint's process dies on its own (killed, out of memory, a crash) while nothing
 * is streaming from it, with a Restart button. Invocations that were streaming from it say so themselves, with their
 * partial output kept (invocationRunner.ts); this notice then stays away, and both share one key in the
 * {@link NoticeGate} so a death is told once.
 */
import * as vscode from 'vscode';
import { commandId, Commands } from '../constants';
import { localEndpointStoppedKey } from './notifications/errorPresentation';
import type { InvocationRegistry } from './output/invocationRegistry';
import type { NoticeGate } from './notifications/noticeGate';
import type { LocalEndpoint } from './localEndpoint';

export function watchLocalEndpoint(
  endpoint: LocalEndpoint,
  registry: InvocationRegistry,
  gate: NoticeGate,
): vscode.Disposable {
  return endpoint.onDidChangeState((state) => {
    if (state.status !== 'failed' || !state.unexpected) return;
    if (registry.runningInvocations.some((invocation) => invocation.localEndpointGeneration === state.generation))
      return;
    const decision = gate.admit(localEndpointStoppedKey(state.generation ?? 0));
    if (!decision.show) return;
    void vscode.window
      .showErrorMessage(`The Local endpoint stopped unexpectedly (${state.reason}).`, 'Restart', 'Show Log')
      .then((choice) => {
        decision.closed();
        if (choice === 'Restart') return vscode.commands.executeCommand(commandId(Commands.startLocalEndpoint));
        if (choice === 'Show Log') return vscode.commands.executeCommand(commandId(Commands.showLog));
        return undefined;
      });
  });
}
