/**
 * The connections the user can invoke through (Local, AWS profile + region, custom endpoints from settings), the
 * one palette invocations use ("current", remembered across sessions), and the step from a choice to the core's
 * `Connection` (starting the Local endpoint when needed).
 */
import * as vscode from 'vscode';
import type { Connection } from '../core/aws/connection';
import { config } from './config';
import type { LocalEndpoint } from './localEndpoint';

/** What the user picks; plain data so it can be remembered in workspace or global state. */
export type ConnectionChoice =
  | { readonly kind: 'local' }
  | { readonly kind: 'aws'; readonly profile: string; readonly region: string }
  | { readonly kind: 'custom'; readonly name: string };

export const LOCAL_CHOICE: ConnectionChoice = Object.freeze({ kind: 'local' });

/**
 * The profile name that stands for credentials in `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (no profile at all).
 * Parentheses cannot appear in a config-file profile name, so it never collides with a real one.
 */
export const ENVIRONMENT_PROFILE = '(environment)';

const CURRENT_KEY = 'lambdaStream.currentConnection';

/** A stable string for a choice, for maps and remembered targets. */
export function choiceKey(choice: ConnectionChoice): string {
  switch (choice.kind) {
    case 'local':
      return 'local';
    case 'aws':
      return `aws|${choice.profile}|${choice.region}`;
    case 'custom':
      return `custom|${choice.name}`;
  }
}

/** A short label for status bars, headers and pickers: `Local`, `dev (eu-west-1)`, or the custom endpoint's name. */
export function choiceLabel(choice: ConnectionChoice): string {
  switch (choice.kind) {
    case 'local':
      return 'Local';
    case 'aws':
      return `${choice.profile === ENVIRONMENT_PROFILE ? 'Environment credentials' : choice.profile} (${choice.region})`;
    case 'custom':
      return choice.name;
  }
}

export function isConnectionChoice(value: unknown): value is ConnectionChoice {
  if (typeof value !== 'object' || value === null) return false;
  const choice = value as Record<string, unknown>;
  switch (choice.kind) {
    case 'local':
      return true;
    case 'aws':
      return typeof choice.profile === 'string' && typeof choice.region === 'string';
    case 'custom':
      return typeof choice.name === 'string';
    default:
      return false;
  }
}

export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionChoice>();
  /** Fires when the current connection changes. */
  readonly onDidChangeCurrent = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly localEndpoint: LocalEndpoint,
  ) {}

  /** The connection palette invocations use; Local until the user picks another. */
  get current(): ConnectionChoice {
    const stored = this.state.get<unknown>(CURRENT_KEY);
    return isConnectionChoice(stored) ? stored : LOCAL_CHOICE;
  }

  async setCurrent(choice: ConnectionChoice): Promise<void> {
    await this.state.update(CURRENT_KEY, choice);
    this.changed.fire(choice);
  }

  /**
   * The core connection for a choice. Local starts the endpoint (serving the configured functions folder, or the
   * samples) if it is not running. Throws with a sentence that says what to do when a custom endpoint is gone.
   */
  async resolve(choice: ConnectionChoice): Promise<Connection> {
    switch (choice.kind) {
      case 'local': {
        const endpoint = await this.localEndpoint.ensureStarted(config.localSource());
        const credentials = this.localEndpoint.sessionKeys;
        return { kind: 'endpoint', endpoint, ...(credentials ? { credentials } : {}) };
      }
      case 'aws':
        return {
          kind: 'aws',
          profile: choice.profile === ENVIRONMENT_PROFILE ? undefined : choice.profile,
          region: choice.region,
        };
      case 'custom': {
        const entry = config.customEndpoints().find((candidate) => candidate.name === choice.name);
        if (!entry) {
          throw new Error(
            `The custom endpoint "${choice.name}" is no longer in the lambdaStream.customEndpoints setting; choose another connection.`,
          );
        }
        return {
          kind: 'endpoint',
          endpoint: entry.endpoint,
          region: entry.region,
          profile: entry.profile,
          ...(config.allowInsecureEndpoints() ? { allowInsecureHttp: true } : {}),
        };
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
