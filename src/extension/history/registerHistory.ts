/**
 * Wiring for the invocation history, called once from `activate`: the recent-invocations store (fed by the invoke
 * registry as invocations end) and the details panels. Everything created is pushed to the extension's subscriptions.
 */
import type { InvokeFeature } from '../invoke/invokeFeature';
import type { ExtensionContextServices } from '../services';
import { InvocationDetailsPanels } from './detailsPanel';
import { RecentInvocations } from './recentInvocations';

/** The history's long-lived parts. */
export interface HistoryFeature {
  readonly recent: RecentInvocations;
  readonly details: InvocationDetailsPanels;
}

/** Registers the history on top of the invoke feature's registry. */
export function registerHistoryFeatures(services: ExtensionContextServices, invoke: InvokeFeature): HistoryFeature {
  const { context, log } = services;
  const recent = new RecentInvocations(context.workspaceState, invoke.registry, log);
  const details = new InvocationDetailsPanels(context.extensionUri, invoke.registry);
  context.subscriptions.push(recent, details);
  return { recent, details };
}
