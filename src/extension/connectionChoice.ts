/**
 * The connection choices as plain data (Local, AWS profile + region, a custom endpoint), their labels and the key the
 * current one is remembered under. No `vscode` values and nothing heavy: the activation shell (src/extension.ts)
 * shows the current connection in the status bar from these before any feature has loaded.
 */

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

/** Where the current connection is remembered (global state). */
export const CURRENT_KEY = 'lambdaStream.currentConnection';

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

/** The remembered current connection in `state`; Local until the user picks another. */
export function storedChoice(state: { get<T>(key: string): T | undefined }): ConnectionChoice {
  const stored = state.get<unknown>(CURRENT_KEY);
  return isConnectionChoice(stored) ? stored : LOCAL_CHOICE;
}
