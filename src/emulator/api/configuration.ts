/**
 * The JSON shapes the control-plane operations return (FunctionConfiguration, AliasConfiguration, FunctionUrlConfig),
 * filled from the handler file and the manifest with the fields and formats AWS uses (ARNs, `LastModified` as
 * `2020-04-10T19:06:32.563+0000`, RevisionId as a UUID, …).
 */
import { createHash } from 'node:crypto';
import type { AliasSettings } from '../../core/rules/manifest';
import { localFunctionUrl } from '../functionUrl';
import type { CodeInfo, FunctionEntry } from '../registry';
import { DEFAULT_MEMORY_MB, DEFAULT_RUNTIME, DEFAULT_TIMEOUT_SECONDS } from '../runner';
import type { Scope } from './apiRequest';
import { functionArn } from './target';

/** Which FunctionConfiguration to build. */
export interface ConfigurationRequest {
  entry: FunctionEntry;
  code: CodeInfo;
  version: string;
  /** Suffix of FunctionArn (the qualifier asked for, or the version in version listings); none for unqualified. */
  arnQualifier?: string;
  /** GetFunction* add the state fields ListFunctions leaves out. */
  detailed: boolean;
}

/** Lambda's timestamp format: `YYYY-MM-DDThh:mm:ss.sss+0000`. */
export function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** A FunctionConfiguration object as ListFunctions, GetFunction and GetFunctionConfiguration return it. */
export function functionConfiguration(scope: Scope, request: ConfigurationRequest): Record<string, unknown> {
  const { entry, code, version } = request;
  const settings = entry.settings;
  const configuration: Record<string, unknown> = {
    FunctionName: entry.name,
    FunctionArn: functionArn(scope, entry.name, request.arnQualifier),
    Runtime: settings.runtime ?? DEFAULT_RUNTIME,
    Role: `arn:aws:iam::${scope.accountId}:role/lambda-stream-local`,
    Handler: entry.handler ?? `${entry.name}.handler`,
    CodeSize: code.size,
    Description: settings.description ?? '',
    Timeout: settings.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    MemorySize: settings.memorySize ?? DEFAULT_MEMORY_MB,
    LastModified: lambdaTimestamp(code.modified),
    CodeSha256: code.sha256,
    Version: version,
    ...(settings.environment ? { Environment: { Variables: settings.environment } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: revisionId(`${code.sha256}|${version}|${JSON.stringify(settings)}`),
    PackageType: 'Zip',
    // A project's declared architecture; the handler itself runs on this machine's.
    Architectures: settings.architectures ?? [process.arch === 'arm64' ? 'arm64' : 'x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${entry.name}` },
    ...(settings.tenantIsolation ? { TenancyConfig: { TenantIsolationMode: 'PER_TENANT' } } : {}),
  };
  if (request.detailed) Object.assign(configuration, { State: 'Active', LastUpdateStatus: 'Successful' });
  return configuration;
}

/** An AliasConfiguration object. */
export function aliasConfiguration(
  scope: Scope,
  entry: FunctionEntry,
  name: string,
  alias: AliasSettings,
): Record<string, unknown> {
  return {
    AliasArn: functionArn(scope, entry.name, name),
    Name: name,
    FunctionVersion: alias.version,
    Description: alias.description ?? '',
    RevisionId: revisionId(`${entry.name}|${name}|${alias.version}|${alias.description ?? ''}`),
  };
}

/**
 * The function URL of a function that has one (a template's FunctionUrlConfig, or a streaming handler in a folder): its
 * address on this Local endpoint (see functionUrl.ts), the template's AuthType (NONE for folders), its InvokeMode.
 */
export function functionUrlConfig(
  scope: Scope,
  entry: FunctionEntry,
  code: CodeInfo,
  url: { baseUrl: string; urlToken: string },
): Record<string, unknown> {
  const time = code.modified.toISOString();
  return {
    FunctionUrl: localFunctionUrl(url.baseUrl, url.urlToken, entry.name),
    FunctionArn: functionArn(scope, entry.name),
    AuthType: entry.settings.urlAuthType ?? 'NONE',
    CreationTime: time,
    LastModifiedTime: time,
    InvokeMode: (entry.settings.streaming ?? code.streaming) ? 'RESPONSE_STREAM' : 'BUFFERED',
  };
}

/** A stable UUID-shaped revision id derived from what it describes, so it changes exactly when that does. */
function revisionId(source: string): string {
  const hex = createHash('sha256').update(source).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
