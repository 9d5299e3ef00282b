/**
 * Running the invocations of an invocation file: one (▷ Invoke, Dry run) or all of them in order (Invoke All), each
 * through the same runner, sinks, history and details as any invocation. An invocation with problems is not sent: one
 * sentence names its first problem, with Show Problems. A connection the file names maps to one of the extension's:
 * `local`, a profile (its own region unless one is given), or an endpoint of `lambdaStream.customEndpoints` (named, or
 * by its URL): an invocation file cannot send anything to an endpoint the user has not configured.
 */
import * as vscode from 'vscode';
import type { ConnectionSpec, ResolvedInvocation } from '../../core/invocations/resolve';
import type { FileInvocation } from '../../core/invocations/invocationFile';
import { normalizeEndpoint } from '../../core/aws/connection';
import { config } from '../config';
import { type ConnectionChoice, LOCAL_CHOICE } from '../connections';
import type { InvokeFeature } from '../invoke/invokeFeature';
import { displayName } from '../invoke/payloadSource';
import type { InvocationSummary } from '../output/invocation';
import type { InvocationRequest } from '../request';
import type { ExtensionContextServices } from '../services';
import type { InvocationFiles } from './invocationFiles';

/** How one invocation is run. */
export interface RunOptions {
  /** Dry run instead of running it (InvokeWithResponseStream only). */
  readonly dryRun?: boolean;
}

/** Runs the invocation at `index` of the document; undefined when nothing was sent. */
export async function runInvocationAt(
  deps: { feature: InvokeFeature; services: ExtensionContextServices; files: InvocationFiles },
  document: vscode.TextDocument,
  index: number,
  options: RunOptions = {},
): Promise<InvocationSummary | undefined> {
  const file = deps.files.read(document);
  const entry = file.invocations[index];
  if (!entry) return undefined;
  const request = await requestFor(deps, document, entry, options);
  if (!request) return undefined;
  deps.files.setResult(document.uri, entry.block.name, { running: true });
  try {
    const summary = await deps.feature.run(request);
    deps.files.setResult(document.uri, entry.block.name, { summary });
    return summary;
  } catch (error) {
    deps.files.setResult(document.uri, entry.block.name, {});
    throw error;
  }
}

/** Runs every invocation without problems, in file order; says how many were skipped and why. */
export async function runAllInvocations(
  deps: { feature: InvokeFeature; services: ExtensionContextServices; files: InvocationFiles },
  document: vscode.TextDocument,
): Promise<InvocationSummary[]> {
  const file = deps.files.read(document);
  const blocked = file.invocations.filter((entry) => !entry.invocation);
  if (blocked.length > 0) {
    void offerProblems(
      `${blocked.length} of the ${file.invocations.length} invocations in ${displayName(document.uri)} have problems and are skipped: ${blocked.map((entry) => entry.block.name).join(', ')}.`,
    );
  }
  const summaries: InvocationSummary[] = [];
  for (const entry of file.invocations) {
    if (!entry.invocation) continue;
    const summary = await runInvocationAt(deps, document, entry.block.index);
    if (summary) summaries.push(summary);
  }
  return summaries;
}

/** The request for one invocation, or undefined (and a message) when it cannot be sent. */
async function requestFor(
  deps: { services: ExtensionContextServices; files: InvocationFiles },
  document: vscode.TextDocument,
  entry: FileInvocation,
  options: RunOptions,
): Promise<InvocationRequest | undefined> {
  const where = `${displayName(document.uri)} › ${entry.block.name}`;
  const invocation = entry.invocation;
  if (!invocation) {
    const first = entry.problems.find((problem) => problem.severity === 'error');
    void offerProblems(`${where} has problems, so nothing was sent: ${first?.message ?? 'see Problems.'}`);
    return undefined;
  }
  if (options.dryRun && invocation.kind === 'url') {
    void vscode.window.showErrorMessage(`${where} calls a function URL, which has no dry run; use ▷ Invoke.`);
    return undefined;
  }
  const connection = await connectionFor(deps.services, invocation.connection);
  if (typeof connection === 'string') {
    const choice = await vscode.window.showErrorMessage(`${where}: ${connection}`, 'Open Settings');
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'lambdaStream.customEndpoints');
    return undefined;
  }
  const label = `${where} · ${invocation.payloadLabel}`;
  const holdsSecrets = invocation.secrets.length > 0;
  const base = {
    target: {
      connection,
      functionName: invocation.functionName ?? invocation.url ?? '',
      ...(invocation.qualifier ? { qualifier: invocation.qualifier } : {}),
    },
    choices: {
      logTail: invocation.options.logTail,
      dryRun: options.dryRun === true || invocation.options.dryRun,
      ...(invocation.options.clientContext ? { clientContext: invocation.options.clientContext } : {}),
      ...(invocation.options.tenantId ? { tenantId: invocation.options.tenantId } : {}),
    },
  };
  if (invocation.kind === 'url') {
    return {
      ...base,
      payload: { text: urlRequestText(invocation), label, holdsSecrets },
      via: 'functionUrl',
      functionUrl: {
        ...(invocation.url ? { url: invocation.url } : {}),
        ...(invocation.options.authType ? { authType: invocation.options.authType } : {}),
      },
    };
  }
  return {
    ...base,
    payload: { text: Buffer.from(invocation.payload ?? []).toString('utf8'), label, holdsSecrets },
    ...(invocation.options.buffered ? { via: 'buffered' as const } : {}),
  };
}

/** A URL request as the request shape the runner reads (binary bodies in base64). */
function urlRequestText(invocation: ResolvedInvocation): string {
  const request = invocation.urlRequest!;
  const body = request.body ? Buffer.from(request.body) : undefined;
  const text = body?.toString('utf8');
  const binary = body !== undefined && !Buffer.from(text ?? '', 'utf8').equals(body);
  return JSON.stringify({
    method: request.method,
    ...(request.path ? { path: request.path } : { path: '' }),
    headers: request.headers,
    ...(body ? { body: binary ? body.toString('base64') : text, ...(binary ? { isBase64Encoded: true } : {}) } : {}),
  });
}

/** The extension's connection for a file's `@connection`, the current one when it names none, or why not. */
export async function connectionFor(
  services: ExtensionContextServices,
  spec: ConnectionSpec | undefined,
): Promise<ConnectionChoice | string> {
  if (!spec) return services.connections.current;
  switch (spec.kind) {
    case 'local':
      return LOCAL_CHOICE;
    case 'aws': {
      const profile = spec.profile ?? 'default';
      if (spec.region) return { kind: 'aws', profile, region: spec.region };
      const found = (await services.functionsTree.sources.profiles()).profiles.find((info) => info.name === profile);
      if (!found) return `there is no AWS profile '${profile}' in your AWS config or credentials files.`;
      if (!found.region) return `the profile '${profile}' has no region: write @connection ${profile}/<region>.`;
      return { kind: 'aws', profile, region: found.region };
    }
    case 'custom': {
      const found = config.customEndpoints().find((endpoint) => endpoint.name === spec.name);
      return found
        ? { kind: 'custom', name: found.name }
        : `there is no custom endpoint named '${spec.name}': add it to lambdaStream.customEndpoints.`;
    }
    case 'endpoint': {
      const wanted = normalizeEndpoint(spec.url);
      const found = config.customEndpoints().find((endpoint) => normalizeEndpoint(endpoint.endpoint) === wanted);
      return found
        ? { kind: 'custom', name: found.name }
        : `${spec.url} is not one of your endpoints: an invocation file only sends to endpoints you configured, so add it to lambdaStream.customEndpoints (or use @connection local).`;
    }
  }
}

async function offerProblems(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Show Problems');
  if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
