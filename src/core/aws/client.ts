/**
 * Lambda clients, one per connection and purpose, built lazily and cached. Invocation clients never retry (a retry
 * would run the function a second time) and allow Lambda's 15-minute maximum; listing clients keep the SDK's
 * ordinary retries and shorter timeouts.
 */
import {
  type Connection,
  connectionKey,
  isLoopbackEndpoint,
  LOCAL_DEFAULT_REGION,
  normalizeEndpoint,
} from './connection';
import { rememberCredentials } from '../errors/redaction';
import { installResponseTap } from '../engine/responseTap';
import { type LambdaClientLike, loadCredentialProviders, loadLambdaSdk } from './sdk';

/** `invoke`: no retries, 15-minute budget. `control`: listing and configuration reads, retried, 60-second budget. */
export type ClientPurpose = 'invoke' | 'control';

/** Lambda's maximum function timeout plus headroom for the service's own overhead. */
export const INVOKE_TIMEOUT_MS = 15 * 60_000 + 30_000;
/** Budget for one control-plane request (listing, URL config). */
export const CONTROL_TIMEOUT_MS = 60_000;
/** How long to wait for a TCP connection before reporting the endpoint unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Credentials a loopback endpoint gets when none are configured; the Local endpoint ignores signatures. */
export const PLACEHOLDER_CREDENTIALS: StaticCredentials = Object.freeze({
  accessKeyId: 'LAMBDASTREAMLOCAL',
  secretAccessKey: 'lambda-stream-local-placeholder',
});

/** Static credentials, the shape every provider resolves to. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A provider as the SDK calls it: with its options (`forceRefresh`, the caller's client configuration). */
type CredentialProvider = (options?: Record<string, unknown>) => Promise<StaticCredentials>;

const clients = new Map<string, Promise<LambdaClientLike>>();

/**
 * The cached client for a connection. Credentials come from the Node provider chain with the connection's profile
 * (shared config and credentials files, SSO, `credential_process`, environment); a loopback endpoint without a
 * profile uses environment credentials when set, else {@link PLACEHOLDER_CREDENTIALS}. Every client carries the
 * response tap the streaming engine relies on.
 */
export function getLambdaClient(connection: Connection, purpose: ClientPurpose = 'invoke'): Promise<LambdaClientLike> {
  const key = `${purpose}|${connectionKey(connection)}`;
  let client = clients.get(key);
  if (!client) {
    client = createLambdaClient(connection, purpose);
    clients.set(key, client);
    client.catch(() => clients.delete(key));
  }
  return client;
}

/** Builds an uncached client; {@link getLambdaClient} is what callers normally want. */
export async function createLambdaClient(connection: Connection, purpose: ClientPurpose): Promise<LambdaClientLike> {
  const { LambdaClient } = await loadLambdaSdk();
  const timeout = purpose === 'invoke' ? INVOKE_TIMEOUT_MS : CONTROL_TIMEOUT_MS;
  const client = new LambdaClient({
    region: regionFor(connection),
    profile: connection.profile,
    endpoint: connection.kind === 'endpoint' ? normalizeEndpoint(connection.endpoint) : undefined,
    credentials: await credentialsFor(connection),
    maxAttempts: purpose === 'invoke' ? 1 : 3,
    requestHandler: {
      requestTimeout: timeout,
      socketTimeout: timeout,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
  installResponseTap(client);
  return client;
}

/** Destroys every cached client and its sockets (extension deactivation, CLI exit, tests). */
export async function disposeLambdaClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  for (const pending of all) {
    try {
      (await pending).destroy();
    } catch {
      // a client that failed to build has nothing to destroy
    }
  }
}

/** The region the client will sign for, resolved the way the SDK resolves it (explicit, then profile / environment). */
export async function resolveClientRegion(client: LambdaClientLike): Promise<string | undefined> {
  try {
    const region = client.config.region;
    return typeof region === 'function' ? await region() : region;
  } catch {
    return undefined;
  }
}

function regionFor(connection: Connection): string | undefined {
  if (connection.region) return connection.region;
  if (connection.kind === 'endpoint') {
    return process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || LOCAL_DEFAULT_REGION;
  }
  return undefined; // the SDK reads AWS_REGION, then the profile's `region`
}

/**
 * The connection's credential provider. What it resolves is remembered for redaction (src/core/errors/redaction.ts), so an
 * error that quotes these credentials in any form is masked before it reaches a log or a person.
 */
async function credentialsFor(connection: Connection): Promise<CredentialProvider> {
  const providers = await loadCredentialProviders();
  if (connection.kind === 'endpoint' && isLoopbackEndpoint(connection.endpoint) && !connection.profile) {
    const fromEnv = providers.fromEnv();
    return async () => {
      if (!process.env.AWS_ACCESS_KEY_ID) return PLACEHOLDER_CREDENTIALS;
      return remembered(await fromEnv());
    };
  }
  const chain = providers.fromNodeProviderChain({ profile: connection.profile });
  return async (options) => remembered(await chain(options));
}

function remembered(credentials: StaticCredentials): StaticCredentials {
  rememberCredentials(credentials);
  return credentials;
}
