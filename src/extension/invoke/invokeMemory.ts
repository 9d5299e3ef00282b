/**
 * What the invoke commands remember, per workspace: the target last used with each payload file (so the pick
 * offers it first), the last target ("Invoke with Last Target") and the last invocation ("Re-run Last
 * Invocation", with the same payload text and options even if the editor changed since). Plain data in
 * `workspaceState`; a payload over {@link MAX_REMEMBERED_PAYLOAD} is kept for this window only.
 */
import * as vscode from 'vscode';
import type { InvocationRequest, InvokeChoices } from '../request';
import { type FunctionTarget, isFunctionTarget } from '../targets';
import { TARGETS_KEY } from './memoryKeys';

/** Payload text larger than this is not written to workspace state. */
export const MAX_REMEMBERED_PAYLOAD = 256 * 1024;
/** Payload files whose target is remembered, most recent first. */
const MAX_FILES = 200;

const LAST_TARGET_KEY = 'lambdaStream.invoke.lastTarget';
const LAST_REQUEST_KEY = 'lambdaStream.invoke.lastRequest';
const LAST_CHOICES_KEY = 'lambdaStream.invoke.lastChoices';

interface StoredRequest {
  readonly target: FunctionTarget;
  readonly payload: { readonly text: string; readonly label: string; readonly uri?: string };
  readonly choices: InvokeChoices;
  readonly via?: 'functionUrl' | 'buffered';
  readonly functionUrl?: { readonly url?: string; readonly authType?: 'AWS_IAM' | 'NONE' };
}

/**
 * The remembered targets and the last invocation, kept in the workspace state so they survive a reload. The target
 * of a payload file is its binding: the CodeLens and "Invoke with This Payload" use it without asking.
 */
export class InvokeMemory implements vscode.Disposable {
  private lastRequestInWindow: InvocationRequest | undefined;
  private readonly targetsChanged = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with a payload file whose remembered target changed (not when it was used again). */
  readonly onDidChangeTarget = this.targetsChanged.event;

  constructor(private readonly state: vscode.Memento) {}

  /** The target last used with this payload file. */
  targetFor(payloadUri: vscode.Uri | undefined): FunctionTarget | undefined {
    if (!payloadUri) return undefined;
    const stored = this.targets()[payloadUri.toString()];
    return isFunctionTarget(stored) ? stored : undefined;
  }

  get lastTarget(): FunctionTarget | undefined {
    const stored = this.state.get<unknown>(LAST_TARGET_KEY);
    return isFunctionTarget(stored) ? stored : undefined;
  }

  /** The options last chosen in "Invoke with Options…". */
  get lastChoices(): InvokeChoices | undefined {
    return this.state.get<InvokeChoices>(LAST_CHOICES_KEY);
  }

  get lastRequest(): InvocationRequest | undefined {
    if (this.lastRequestInWindow) return this.lastRequestInWindow;
    const stored = this.state.get<StoredRequest>(LAST_REQUEST_KEY);
    if (!stored || !isFunctionTarget(stored.target) || typeof stored.payload?.text !== 'string') return undefined;
    const uri = stored.payload.uri ? vscode.Uri.parse(stored.payload.uri) : undefined;
    return {
      target: stored.target,
      choices: stored.choices,
      payload: { text: stored.payload.text, label: stored.payload.label, uri },
      ...(stored.via === 'functionUrl' || stored.via === 'buffered' ? { via: stored.via } : {}),
      ...(stored.functionUrl ? { functionUrl: stored.functionUrl } : {}),
    };
  }

  /** Records an invocation that was started. */
  async remember(request: InvocationRequest): Promise<void> {
    this.lastRequestInWindow = request;
    const target = plainTarget(request.target);
    // A bare function URL is no function: Invoke with Last Target and payload bindings keep the previous one.
    if (!request.functionUrl?.url) await this.state.update(LAST_TARGET_KEY, target);
    if (request.payload.uri) await this.setTargetFor(request.payload.uri, target);
    const payload = request.payload;
    const stored: StoredRequest | undefined =
      payload.text.length <= MAX_REMEMBERED_PAYLOAD && !payload.holdsSecrets
        ? {
            target,
            choices: request.choices,
            payload: { text: payload.text, label: payload.label, uri: payload.uri?.toString() },
            ...(request.via ? { via: request.via } : {}),
            ...(request.functionUrl ? { functionUrl: request.functionUrl } : {}),
          }
        : undefined;
    await this.state.update(LAST_REQUEST_KEY, stored);
  }

  /** Binds a payload file to a target (most recent first; the oldest bindings are forgotten past 200 files). */
  async setTargetFor(payloadUri: vscode.Uri, target: FunctionTarget): Promise<void> {
    const key = payloadUri.toString();
    const { [key]: previous, ...others } = this.targets();
    const plain = plainTarget(target);
    const kept = Object.entries(others).slice(0, MAX_FILES - 1);
    await this.state.update(TARGETS_KEY, Object.fromEntries([[key, plain], ...kept]));
    if (JSON.stringify(previous) !== JSON.stringify(plain)) this.targetsChanged.fire(payloadUri);
  }

  async rememberChoices(choices: InvokeChoices): Promise<void> {
    await this.state.update(LAST_CHOICES_KEY, choices);
  }

  dispose(): void {
    this.targetsChanged.dispose();
  }

  private targets(): Record<string, unknown> {
    return this.state.get<Record<string, unknown>>(TARGETS_KEY) ?? {};
  }
}

/** A target without anything a tree node may have attached, so it stores as plain JSON. */
export function plainTarget(target: FunctionTarget): FunctionTarget {
  return {
    connection: target.connection,
    functionName: target.functionName,
    ...(target.qualifier ? { qualifier: target.qualifier } : {}),
    ...(target.functionArn ? { functionArn: target.functionArn } : {}),
  };
}
