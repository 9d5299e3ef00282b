/**
 * Keeps credentials out of every text meant for a person or a log: patterns for what credentials look like where
 * errors quote them (signatures, session tokens, key assignments, access key ids) and the literal values of the
 * credentials this process signs with. Logs, the terminal, notifications and the Local endpoint's log tails all
 * pass through {@link redactSecrets}.
 */

const REDACTED = '[redacted]';
/** Environment variables whose values are credentials; their literal values are masked wherever they appear. */
const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_ACCESS_KEY_ID'];
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // The canonical request AWS echoes in InvalidSignatureException carries `x-amz-security-token:<session token>`.
  [/(x-amz-security-token\s*[:=]\s*)[^\s&'"\\,]+/gi, `$1${REDACTED}`],
  [/(authorization\s*[:=]\s*)[^\r\n'"]+/gi, `$1${REDACTED}`],
  [/(Credential=)[^/\s,'"]+/g, `$1${REDACTED}`],
  [/(Signature=)[0-9a-fA-F]{16,}/g, `$1${REDACTED}`],
  // Shared credentials file keys, environment assignments and credential_process JSON.
  [/((?:aws_)?(?:secret_access_key|session_token|security_token)\s*[=:]\s*)[^\s'",]+/gi, `$1${REDACTED}`],
  [/("(?:SecretAccessKey|SessionToken|secretAccessKey|sessionToken)"\s*:\s*)"[^"]*"/g, `$1"${REDACTED}"`],
  // Access key ids (long-term AKIA…, temporary ASIA…).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, REDACTED],
];

/** How many credential values {@link rememberCredentials} keeps (a few identities, each refreshed now and then). */
const REMEMBERED_LIMIT = 48;
/** Values shorter than this are not masked literally: they would mask ordinary words (LocalStack's `test`). */
const SHORTEST_LITERAL = 8;
/** Remembered credential values shorter than this are not masked: no real AWS credential is. */
const SHORTEST_REMEMBERED = 16;
const remembered: string[] = [];

/**
 * Records the credentials this process signs with, so that {@link redactSecrets} masks their literal values too,
 * wherever they appear and whatever surrounds them: no pattern recognises a session token an error quotes bare, and
 * a profile's keys are in no environment variable. The client factory calls it each time a provider resolves; the
 * most recent values are kept.
 */
export function rememberCredentials(credentials: {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
}): void {
  for (const value of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken]) {
    // Real keys are 16+ characters; emulator profiles use shorter dummy words (`localstack`) that must stay readable.
    if (!value || value.length < SHORTEST_REMEMBERED || remembered.includes(value)) continue;
    remembered.push(value);
    if (remembered.length > REMEMBERED_LIMIT) remembered.shift();
  }
}

/**
 * Masks credentials in a text meant for a person or a log: session tokens, `Authorization` headers, signatures,
 * access key ids, secret keys in `key = value` or JSON form, and the literal values of the AWS credential
 * environment variables and of every credential this process signed with (see {@link rememberCredentials}).
 * Lambda's InvalidSignatureException, for one, quotes the canonical request with the session token in it.
 */
export function redactSecrets(text: string): string {
  let result = text;
  const literals = [...SECRET_VARIABLES.map((name) => process.env[name]), ...remembered]
    .filter((value): value is string => value !== undefined && value.length >= SHORTEST_LITERAL)
    .sort((a, b) => b.length - a.length);
  for (const value of literals) result = result.split(value).join(REDACTED);
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** The message of any thrown value, secrets masked: for a log line or a sentence that quotes an error as it came. */
export function errorMessageWithoutSecrets(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
