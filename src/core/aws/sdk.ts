/**
 * Lazy access to the AWS SDK modules. The extension bundles `src/core`, and evaluating the SDK costs tens of
 * milliseconds, so nothing here loads it until the first request: activation stays cheap and the CLI's `--help`
 * stays instant. Import SDK *types* freely (`import type`); import SDK *values* only through these functions.
 */

type LambdaSdk = typeof import('@aws-sdk/client-lambda');
type CredentialProviders = typeof import('@aws-sdk/credential-providers');

let lambdaSdk: Promise<LambdaSdk> | undefined;
let credentialProviders: Promise<CredentialProviders> | undefined;

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

/** The structural subset of `LambdaClient` the core uses; tests may pass any client built from the real SDK. */
export type LambdaClientLike = InstanceType<LambdaSdk['LambdaClient']>;
