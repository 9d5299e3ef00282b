/**
 * The AWS profiles a person has, found the way the SDK finds them: the shared config file (`AWS_CONFIG_FILE`, else
 * `~/.aws/config`) and credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), parsed by the
 * SDK's own INI loader so a profile the SDK can use is never missing here (and vice versa), plus what the environment
 * adds (`AWS_PROFILE`, access keys in `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`). Read fresh on every call, so a
 * refresh after `aws configure` shows the new profile. Plain Node: the Functions view and the CLI both use it.
 */
import * as os from 'node:os';
import * as path from 'node:path';

/** How a profile gets its credentials, as far as its keys tell; `none` means the SDK will find nothing for it. */
export type CredentialKind = 'sso' | 'keys' | 'role' | 'process' | 'webIdentity' | 'login' | 'none';

/** One named profile. */
export interface AwsProfileInfo {
  readonly name: string;
  /** The profile's own `region` (config file first, then credentials file), if it has one. */
  readonly region?: string;
  /** Signs in through IAM Identity Center (`sso_session` or `sso_start_url`): offer `aws sso login`. */
  readonly sso: boolean;
  readonly credentialKind: CredentialKind;
  /** The files (or `environment`, for an `AWS_PROFILE` naming no profile in them) that declare it. */
  readonly sources: readonly ('config' | 'credentials' | 'environment')[];
  /** `AWS_PROFILE` names this profile, so the SDK uses it by default. */
  readonly isEnvironmentProfile: boolean;
}

/** Everything found, with the file paths so a message can say where it looked. */
export interface ProfileDiscovery {
  /** `default` first, then by name. */
  readonly profiles: readonly AwsProfileInfo[];
  /**
   * Set when `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are both in the environment and `AWS_PROFILE` is not:
   * with `AWS_PROFILE` set, the SDK ignores the keys.
   */
  readonly environmentCredentials?: { readonly sessionToken: boolean };
  /** `AWS_REGION` (or `AWS_DEFAULT_REGION`): the region for a profile without its own. */
  readonly environmentRegion?: string;
  readonly configFile: string;
  readonly credentialsFile: string;
}

type Section = Readonly<Record<string, string | undefined>>;

/** The config file path the SDK reads for this environment. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return expandHome(env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws', 'config'), env);
}

/** The credentials file path the SDK reads for this environment. */
export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return expandHome(env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws', 'credentials'), env);
}

/**
 * Lists the profiles. Unreadable or missing files count as empty (the SDK treats them the same way); nothing is
 * cached, so each call sees the files as they are now. `env` defaults to `process.env` (tests pass their own).
 */
export async function discoverProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileDiscovery> {
  const configFile = configFilePath(env);
  const credentialsFile = credentialsFilePath(env);
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({
    configFilepath: configFile,
    filepath: credentialsFile,
    ignoreCache: true,
  });
  const fromConfig = profileSections(files.configFile, ['sso-session', 'services']);
  const fromCredentials = profileSections(files.credentialsFile);
  const envProfile = env.AWS_PROFILE?.trim() || undefined;

  const names = new Set([...fromConfig.keys(), ...fromCredentials.keys()]);
  if (envProfile) names.add(envProfile);
  const profiles = [...names].map((name) =>
    describeProfile(name, fromConfig.get(name), fromCredentials.get(name), name === envProfile),
  );
  profiles.sort(compareProfiles);

  const hasKeys = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !envProfile);
  return {
    profiles,
    environmentCredentials: hasKeys ? { sessionToken: Boolean(env.AWS_SESSION_TOKEN) } : undefined,
    environmentRegion: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined,
    configFile,
    credentialsFile,
  };
}

function describeProfile(
  name: string,
  config: Section | undefined,
  credentials: Section | undefined,
  isEnvironmentProfile: boolean,
): AwsProfileInfo {
  // The SDK prefers the config file's value when both files set a key.
  const merged: Section = { ...credentials, ...config };
  const sources: AwsProfileInfo['sources'][number][] = [];
  if (config) sources.push('config');
  if (credentials) sources.push('credentials');
  if (sources.length === 0) sources.push('environment');
  const sso = Boolean(merged.sso_session || merged.sso_start_url);
  return {
    name,
    region: merged.region || undefined,
    sso,
    credentialKind: credentialKind(merged, sso),
    sources,
    isEnvironmentProfile,
  };
}

function credentialKind(section: Section, sso: boolean): CredentialKind {
  if (sso) return 'sso';
  if (section.aws_access_key_id && section.aws_secret_access_key) return 'keys';
  if (section.role_arn && section.web_identity_token_file) return 'webIdentity';
  if (section.role_arn) return 'role';
  if (section.credential_process) return 'process';
  if (section.login_session) return 'login';
  return 'none';
}

/**
 * Profile sections only. In the config file the SDK's loader keeps the other sections (`[sso-session NAME]`,
 * `[services NAME]`) under keys like `sso-session.NAME`; profile names themselves may contain dots.
 */
function profileSections(
  data: Readonly<Record<string, Section | undefined>>,
  otherSections: readonly string[] = [],
): Map<string, Section> {
  const sections = new Map<string, Section>();
  for (const [name, section] of Object.entries(data)) {
    if (section && !otherSections.some((prefix) => name.startsWith(`${prefix}.`))) sections.set(name, section);
  }
  return sections;
}

function compareProfiles(a: AwsProfileInfo, b: AwsProfileInfo): number {
  if (a.name === 'default' || b.name === 'default') return a.name === 'default' ? -1 : b.name === 'default' ? 1 : 0;
  return a.name.localeCompare(b.name);
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}` : os.homedir());
}

function expandHome(file: string, env: NodeJS.ProcessEnv): string {
  return file.startsWith('~/') ? path.join(homeDir(env), file.slice(2)) : file;
}
