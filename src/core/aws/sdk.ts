/**
 * Lazy access to the AWS SDK modules. The extension bundles `src/core`, and evaluating the SDK costs tens of
 * milliseconds, so nothing here loads it until the first request: activation stays cheap and the CLI's `--help`
 * stays instant. Import SDK *types* freely (`import type`); import SDK *values* only through these functions.
 */

type LambdaSdk = typeof import('@aws-sdk/client-lambda');
type CredentialProviders = typeof import('@aws-sdk/credential-providers');
type EventStreamCodecModule = typeof import('@smithy/eventstream-codec');

let lambdaSdk: Promise<LambdaSdk> | undefined;
let credentialProviders: Promise<CredentialProviders> | undefined;
let eventStreamCodec: Promise<EventStreamCodecModule> | undefined;

/** `@aws-sdk/client-lambda`, loaded on first use. */
export function loadLambdaSdk(): Promise<LambdaSdk> {
  lambdaSdk ??= import('@aws-sdk/client-lambda');
  return lambdaSdk;
}

/** `@aws-sdk/credential-providers`, loaded on first use. */
export function loadCredentialProviders(): Promise<CredentialProviders> {
  credentialProviders ??= import('@aws-sdk/credential-providers');
  return credentialProviders;
}

/** `@smithy/eventstream-codec`, loaded on first use. */
export function loadEventStreamCodec(): Promise<EventStreamCodecModule> {
  eventStreamCodec ??= import('@smithy/eventstream-codec');
  return eventStreamCodec;
}

/** The structural subset of `LambdaClient` the core uses; tests may pass any client built from the real SDK. */
export type LambdaClientLike = InstanceType<LambdaSdk['LambdaClient']>;
