/**
 * Identifiers shared by the VS Code layer and mirrored in package.json's `contributes`. Keeping them in one place
 * means a rename is one edit here and one in the manifest, which the integration suite checks against each other.
 */
export const EXTENSION_ID = 'lambda-stream.lambda-stream';

/** Command ids, without the `lambdaStream.` prefix that `commandId` adds. */
export const Commands = {
  showLog: 'showLog',
} as const;

export type CommandName = (typeof Commands)[keyof typeof Commands];

/** The prefix every contributed command id starts with. */
export const COMMAND_PREFIX = 'lambdaStream.';

export function commandId(name: CommandName): string {
  return COMMAND_PREFIX + name;
}

export const Views = {
  container: 'lambdaStream',
  functions: 'lambdaStream.functions',
} as const;

/** Name of the output channel for the extension's own log (the function output gets its own channel). */
export const LOG_CHANNEL_NAME = 'Lambda Stream Log';
