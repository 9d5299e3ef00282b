/**
 * Lambda clients, one per connection and purpose, built lazily and cached. Invocation clients never retry (a retry
 * would run the function a second time) and allow Lambda's 15-minute maximum; listing clients keep the SDK's
 * ordinary retries and shorter timeouts.
 */
import {
  checkEndpointUrl,
  type Connection,
  connectionKey,
  isLoopbackEndpoint,
  LOCAL_DEFAULT_REGION,
  normalizeEndpoint,
} from './connection';
import { rememberCredentials } from '../errors/redaction';
import { installResponseTap } from '../engine/responseTap';
import { type LambdaClientLike, loadCredentialProviders, loadLambdaSdk } from './sdk';
import { readLocalKeys } from './localKeys';

/** `invoke`: no retries, 15-minute budget. `control`: listing and configuration reads, retried, 60-second budget. */
export type ClientPurpose = 'invoke' | 'control';

/** Lambda's maximum function timeout plus headroom for the service's own overhead. */
export const INVOKE_TIMEOUT_MS = 15 * 60_000 + 30_000;
/** Budget for one control-plane request (listing, URL config). */
export const CONTROL_TIMEOUT_MS = 60_000;
/** How long to wait for a TCP connection before reporting the endpoint unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** How long a loopback endpoint's published session keys are used before they are read again. */
const LOCAL_KEYS_RECHECK_MS = 5_000;

/**
 * Credentials a loopback endpoint gets when it published no session keys and no profile is named (LocalStack and
 * the like accept any); the user's real credentials never go to a loopback endpoint unasked.
 */
export const PLACEHOLDER_CREDENTIALS: StaticCredentials = Object.freeze({
  accessKeyId: 'LAMBDASTREAMLOCAL',
  secretAccessKey: 'lambda-stream-local-placeholder',
});

/** Static credentials, the shape every provider resolves to. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** A provider as the SDK calls it: with its options (`forceRefresh`, the caller's client configuration). */
type CredentialProvider = (options?: Record<string, unknown>) => Promise<StaticCredentials>;

const clients = new Map<string, Promise<LambdaClientLike>>();

/**
 * The cached client for a connection. Credentials come from the Node provider chain with the connection's profile
 * (shared config and credentials files, SSO, `credential_process`, environment); a loopback endpoint without a
 * profile uses the connection's session keys, else those a Local endpoint published for its port, else
 * {@link PLACEHOLDER_CREDENTIALS}. Plain `http://` to another machine is refused unless the connection allows it.
 * Every client carries the response tap the streaming engine relies on.
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
  if (connection.kind === 'endpoint') {
    const problem = checkEndpointUrl(connection.endpoint, { allowInsecureHttp: connection.allowInsecureHttp });
    if (problem) throw new Error(problem);
  }
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

/**
 * The credentials and region that sign a function-URL request for this connection (SigV4, service `lambda`): the
 * same rules as the connection's client (a Local endpoint's session keys, never real keys to loopback).
 */
export async function signingIdentity(
  connection: Connection,
): Promise<{ credentials: StaticCredentials; region: string }> {
  const client = await getLambdaClient(connection, 'control');
  const provider = client.config.credentials as unknown as () => Promise<StaticCredentials>;
  const credentials = await provider();
  return { credentials, region: (await resolveClientRegion(client)) ?? LOCAL_DEFAULT_REGION };
}

/**
 * How a request to this user's own Local endpoint is signed without a client: the session keys the endpoint published
 * for its port (the ones its client would use, see `credentialsFor`) and the region that client would sign for.
 * Undefined for every other connection (AWS, an endpoint on another machine, one that published no keys, given
 * credentials, https): those go through the SDK.
 */
export function localSigning(
  connection: Connection,
): { readonly endpoint: string; readonly credentials: StaticCredentials; readonly region: string } | undefined {
  if (connection.kind !== 'endpoint' || connection.credentials || !isLoopbackEndpoint(connection.endpoint))
    return undefined;
  if (!/^http:/i.test(connection.endpoint.trim())) return undefined;
  const keys = readLocalKeys(connection.endpoint);
  if (!keys) return undefined;
  return {
    endpoint: normalizeEndpoint(connection.endpoint),
    credentials: remembered({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }),
    region: regionFor(connection) ?? LOCAL_DEFAULT_REGION,
  };
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
  if (connection.kind === 'endpoint' && connection.credentials) {
    const given = remembered({ ...connection.credentials });
    return async () => given;
  }
  if (connection.kind === 'endpoint' && isLoopbackEndpoint(connection.endpoint)) {
    // A Local endpoint of this user publishes its session keys, and accepts only those: they win over a profile
    // (whose real keys it must never see). They change when it restarts, so they are read again now and then.
    const profile = connection.profile ? await profileChain(connection.profile) : undefined;
    return async (options) => {
      const keys = readLocalKeys(connection.endpoint);
      if (keys) {
        const session = remembered({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey });
        return { ...session, expiration: new Date(Date.now() + LOCAL_KEYS_RECHECK_MS) };
      }
      if (profile) return remembered(await profile(options));
      return { ...PLACEHOLDER_CREDENTIALS, expiration: new Date(Date.now() + LOCAL_KEYS_RECHECK_MS) };
    };
  }
  const chain = await profileChain(connection.profile);
  return async (options) => remembered(await chain(options));
}

async function profileChain(profile: string | undefined): Promise<CredentialProvider> {
  const providers = await loadCredentialProviders();
  return providers.fromNodeProviderChain({ profile });
}

function remembered(credentials: StaticCredentials): StaticCredentials {
  rememberCredentials(credentials);
  return credentials;
}
