/**
 * Where requests go: an AWS account reached through a named profile and region, or a Lambda-compatible endpoint
 * (the bundled Local endpoint, LocalStack, a proxy). Plain data, so the VS Code layer can keep it in settings and state.
 */

/** An AWS account: credentials from the Node provider chain with this profile, the region from here or the profile. */
export interface AwsConnection {
  readonly kind: 'aws';
  /** Shared-config profile; when absent the SDK's defaults apply (`AWS_PROFILE`, then `default`). */
  readonly profile?: string;
  /** Region; when absent it comes from the profile or `AWS_REGION`. */
  readonly region?: string;
}

/** A custom endpoint speaking Lambda's wire protocol. */
export interface EndpointConnection {
  readonly kind: 'endpoint';
  /** Base URL, e.g. `http://127.0.0.1:9001`; a path prefix is kept. */
  readonly endpoint: string;
  /** Region to sign for; defaults to `us-east-1` for a loopback endpoint. */
  readonly region?: string;
  /**
   * Profile for credentials. A loopback endpoint without one is signed with `credentials` when given, else with the
   * session keys a Local endpoint of this user published for that port, else with placeholders: never with the
   * user's real AWS credentials.
   */
  readonly profile?: string;
  /** Allow plain `http://` to a host that is not loopback (see {@link isInsecureRemoteEndpoint}). */
  readonly allowInsecureHttp?: boolean;
  /** A Local endpoint's session keys (the extension gets them from the endpoint it started). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Either kind of connection. */
export type Connection = AwsConnection | EndpointConnection;

/** The region a loopback endpoint signs for when none is given (any region works; the emulator ignores it). */
export const LOCAL_DEFAULT_REGION = 'us-east-1';

/**
 * A stable key for caches and remembered targets: two connections with the same key reach the same place
 * with the same identity.
 */
export function connectionKey(connection: Connection): string {
  if (connection.kind === 'aws') {
    return `aws|${connection.profile ?? ''}|${connection.region ?? ''}`;
  }
  return `endpoint|${normalizeEndpoint(connection.endpoint)}|${connection.region ?? ''}|${connection.profile ?? ''}|${connection.credentials?.accessKeyId ?? ''}`;
}

/** A short label for headers and status lines, e.g. `aws:dev (eu-west-1)` or `http://127.0.0.1:9001`. */
export function describeConnection(connection: Connection): string {
  if (connection.kind === 'endpoint') {
    return normalizeEndpoint(connection.endpoint);
  }
  const profile = connection.profile ?? 'default profile';
  return connection.region ? `aws:${profile} (${connection.region})` : `aws:${profile}`;
}

/** Removes a trailing slash so `http://h:1/` and `http://h:1` share a cache entry. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, '');
}

/** True when the endpoint's host is this machine (127.0.0.0/8, `::1` or `localhost`). */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether requests to `endpoint` would travel unencrypted off this machine (plain `http://` to a host that is not
 * loopback): credentials and payloads could be read on the way, so they are refused unless the user allows it.
 */
export function isInsecureRemoteEndpoint(endpoint: string): boolean {
  try {
    return new URL(endpoint.trim()).protocol === 'http:' && !isLoopbackEndpoint(endpoint);
  } catch {
    return false;
  }
}

/**
 * Checks an endpoint URL before any client is built, so a typo is reported as a validation error (nothing sent)
 * rather than as a network failure. Returns a sentence describing the problem, or undefined when it is usable.
 */
export function checkEndpointUrl(endpoint: string, options: { allowInsecureHttp?: boolean } = {}): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return `'${endpoint}' is not a URL; use a form like http://127.0.0.1:9001.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The endpoint must start with http:// or https://, not ${url.protocol}//.`;
  }
  if (!options.allowInsecureHttp && isInsecureRemoteEndpoint(endpoint)) {
    return `${url.origin} is plain http:// to another machine, so credentials and payloads would cross the network unencrypted; use https://, or allow it explicitly (lambdaStream.allowInsecureEndpoints, or --allow-insecure-endpoint).`;
  }
  return undefined;
}
