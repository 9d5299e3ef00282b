/**
 * The connections the user can invoke through (Local, AWS profile + region, custom endpoints from settings), the
 * one palette invocations use ("current", remembered across sessions), and the step from a choice to the core's
 * `Connection` (starting the Local endpoint when needed).
 */
import * as vscode from 'vscode';
import type { Connection } from '../core/aws/connection';
import { config } from './config';
import { localSource } from './localSource';
import type { LocalEndpoint } from './localEndpoint';
import { type ConnectionChoice, CURRENT_KEY, ENVIRONMENT_PROFILE, storedChoice } from './connectionChoice';

export {
  type ConnectionChoice,
  choiceKey,
  choiceLabel,
  ENVIRONMENT_PROFILE,
  isConnectionChoice,
  LOCAL_CHOICE,
} from './connectionChoice';

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
    return storedChoice(this.state);
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
        const endpoint = await this.localEndpoint.ensureStarted(localSource());
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
