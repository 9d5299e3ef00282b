/**
 * Typed access to the `lambdaStream.*` settings, read fresh at each use so a change applies to the next
 * invocation without a reload. Declared (with defaults and descriptions) in package.json.
 * Every value is read with `get`: that is where VS Code leaves out an untrusted workspace's values of the settings
 * package.json lists under `restrictedConfigurations`; `inspect()` would still hand them over as `workspaceValue`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export type OutputTarget = 'document' | 'channel' | 'both';

export interface CustomEndpointSetting {
  readonly name: string;
  readonly endpoint: string;
  readonly region?: string;
  readonly profile?: string;
}

const SECTION = 'lambdaStream';

function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

export const config = {
  output(): OutputTarget {
    const value = section().get<string>('output');
    return value === 'channel' || value === 'both' ? value : 'document';
  },
  logTail(): boolean {
    return section().get<boolean>('logTail', true);
  },
  /** The most output a response document (and the channel, per invocation) holds as text; the rest stays in a file. */
  documentSizeLimitBytes(): number {
    const megabytes = section().get<number>('documentSizeLimitMB', 50);
    return Math.round((Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 50) * 1024 * 1024);
  },
  /**
   * The `clientContext` setting as written, undefined when unset or `null`. Not filtered: a value that is not a JSON
   * object is refused with a sentence naming the setting (invokeOptions.ts), never dropped without a word.
   */
  clientContext(scope?: vscode.ConfigurationScope): unknown {
    return section(scope).get<unknown>('clientContext') ?? undefined;
  },
  tenantId(scope?: vscode.ConfigurationScope): string | undefined {
    return section(scope).get<string>('tenantId')?.trim() || undefined;
  },
  /**
   * The functions folder the Local connection serves, as an absolute path, or undefined for the bundled samples.
   * An untrusted workspace never gets its own handler code run, whatever the setting says.
   */
  localFunctionsDir(): string | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const value = section().get<string>('local.functionsDir')?.trim();
    if (!value) return undefined;
    if (path.isAbsolute(value)) return value;
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? path.join(folder.uri.fsPath, value) : undefined;
  },
  /**
   * The `local.project` setting as written (trimmed): a path, `off`, or empty for "find one"; localSource.ts says
   * what it means. Never read in an untrusted workspace (the samples are served there whatever it says).
   */
  localProject(): string {
    return section().get<string>('local.project')?.trim() ?? '';
  },
  /** The payloads folder as written in the setting (relative to the workspace folder of `scope`, or absolute). */
  payloadsDir(scope?: vscode.ConfigurationScope): string {
    return section(scope).get<string>('payloadsDir')?.trim() || 'payloads';
  },
  regions(): Readonly<Record<string, readonly string[]>> {
    return section().get<Record<string, string[]>>('regions') ?? {};
  },
  /** Whether Local's handlers get the user's AWS credentials instead of placeholders (user settings only). */
  localPassAwsCredentials(): boolean {
    return section().get<boolean>('local.passAwsCredentials') === true;
  },
  /** Whether plain `http://` custom endpoints on other machines may be used (user settings only). */
  allowInsecureEndpoints(): boolean {
    return section().get<boolean>('allowInsecureEndpoints') === true;
  },
  /** The `lambdaStream.invocations.environments` value as written; invocationFiles.ts checks it. */
  invocationEnvironments(): unknown {
    return section().get<unknown>('invocations.environments') ?? {};
  },
  customEndpoints(): readonly CustomEndpointSetting[] {
    const value = section().get<unknown[]>('customEndpoints') ?? [];
    return value.filter(
      (entry): entry is CustomEndpointSetting =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as CustomEndpointSetting).name === 'string' &&
        typeof (entry as CustomEndpointSetting).endpoint === 'string',
    );
  },
  /** Whether a configuration change touches one of our settings (`key` relative to `lambdaStream.`). */
  affects(event: vscode.ConfigurationChangeEvent, key?: string): boolean {
    return event.affectsConfiguration(key ? `${SECTION}.${key}` : SECTION);
  },
};
