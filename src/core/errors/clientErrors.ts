/**
 * Failures that are not Lambda exceptions: cancellation, credentials and region resolution, the network, error
 * responses the SDK could not parse, and event streams that broke. Recognised by the stable parts of the SDK's and
 * Node's errors (`name`, `code`, fixed message texts), never by instance checks, so a second copy of the SDK in a
 * bundle does not defeat them.
 */
import type { ErrorAction, ErrorClassification, ErrorContext } from './types';
import { classifyServiceError, isServiceErrorName } from './serviceErrors';
import { capitalize, extractMessage } from './errorText';

interface ErrorFields {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

const RETRY: readonly ErrorAction[] = [{ kind: 'retry' }];
const STREAM_TAIL = 'the output so far is incomplete';

/** Classifies everything that is not an SDK service exception. */
export function classifyClientSideError(error: unknown, context: ErrorContext): ErrorClassification {
  const fields: ErrorFields =
    typeof error === 'object' && error !== null ? (error as ErrorFields) : { message: String(error) };
  const name = fields.name ?? '';
  const message = fields.message ?? '';
  const detail = extractMessage(message) ?? (name || undefined);
  const make = (
    code: string,
    category: ErrorClassification['category'],
    text: string,
    actions: readonly ErrorAction[] = [],
  ) => ({
    code,
    category,
    message: text,
    detail,
    actions,
    exceptionName: name || undefined,
    statusCode: fields.$metadata?.httpStatusCode,
  });

  if (name === 'AbortError' || fields.code === 'ABORT_ERR') {
    return make(
      'Cancelled',
      'cancelled',
      context.operation === 'list'
        ? 'Listing was cancelled.'
        : 'The invocation was cancelled; the function may still be running, and it is billed until it ends.',
    );
  }
  // The SDK appends its own deserialization note to the message; the first line is ours.
  if (name === 'BufferedResponseTooLarge') return make('ResponseTooLarge', 'function', message.split('\n')[0]);
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError')
    return classifyCredentials(message, context, make);
  if (/^Region is missing/.test(message)) {
    return make('RegionMissing', 'credentials', `No AWS region is set for ${profileLabel(context)}; choose one.`, [
      { kind: 'selectRegion' },
    ]);
  }
  const network = classifyNetwork(fields, context, make);
  if (network) return network;
  if (name === 'SyntaxError' && fields.$metadata?.httpStatusCode) {
    const status = fields.$metadata.httpStatusCode;
    const type = context.responseContentType ? ` (${context.responseContentType})` : '';
    const actions: ErrorAction[] = context.endpoint
      ? [{ kind: 'checkEndpoint', endpoint: context.endpoint }, { kind: 'retry' }]
      : [{ kind: 'retry' }];
    return make(
      'InvalidErrorResponse',
      'service',
      `The endpoint answered with HTTP ${status} and a body${type} that is not a Lambda error response.`,
      actions,
    );
  }
  const stream = context.phase === 'stream';
  if (message.startsWith('Truncated event message received')) {
    return make(
      'TruncatedStream',
      'stream',
      `The response was cut off in the middle of a message; ${STREAM_TAIL}.`,
      RETRY,
    );
  }
  if (/checksum/i.test(message)) {
    return make(
      'StreamChecksumMismatch',
      'stream',
      `The response was corrupted in transit (checksum mismatch); ${STREAM_TAIL}.`,
      RETRY,
    );
  }
  if (
    /not plausible|Unrecognizable event type|too short to accommodate|Reported message length|Unrecognized header type/.test(
      message,
    )
  ) {
    const check: ErrorAction[] = context.endpoint ? [{ kind: 'checkEndpoint', endpoint: context.endpoint }] : [];
    return make('MalformedStream', 'stream', 'The response is not a valid Lambda event stream.', check);
  }
  if (stream && name && name !== 'Error' && name !== 'TypeError' && name !== 'RangeError') {
    if (isServiceErrorName(name)) return classifyServiceError({ name, message }, context);
    return make(
      'StreamException',
      'stream',
      `Lambda reported ${name} in the middle of the response; ${STREAM_TAIL}.`,
      RETRY,
    );
  }
  return make(
    'UnexpectedError',
    stream ? 'stream' : 'service',
    stream ? `The response failed unexpectedly; ${STREAM_TAIL}.` : 'The request failed unexpectedly.',
    RETRY,
  );
}

type Make = (
  code: string,
  category: ErrorClassification['category'],
  text: string,
  actions?: readonly ErrorAction[],
) => ErrorClassification;

function classifyCredentials(message: string, context: ErrorContext, make: Make): ErrorClassification {
  const profile = context.profile ?? process.env.AWS_PROFILE;
  const flag = profile ? ` --profile ${profile}` : '';
  if (/SSO session|SSO Token|sso_|Token is expired|token associated with profile/i.test(message)) {
    return make(
      'SsoSessionExpired',
      'credentials',
      `The SSO session for ${profileLabel(context)} has expired or is missing; sign in again.`,
      [{ kind: 'ssoLogin', profile, command: `aws sso login${flag}` }, { kind: 'selectProfile' }],
    );
  }
  if (/aws login|login_session|login session/i.test(message)) {
    return make(
      'LoginSessionExpired',
      'credentials',
      `The console sign-in session for ${profileLabel(context)} has expired; sign in again.`,
      [{ kind: 'awsLogin', profile, command: `aws login${flag}` }, { kind: 'selectProfile' }],
    );
  }
  if (/Profile .*(was not found|could not be found|not found)/i.test(message)) {
    return make(
      'ProfileNotFound',
      'credentials',
      `${capitalize(profileLabel(context))} does not exist in the AWS config files.`,
      [{ kind: 'selectProfile' }],
    );
  }
  if (/Could not load credentials from any providers/.test(message)) {
    return make('NoCredentials', 'credentials', `No AWS credentials were found for ${profileLabel(context)}.`, [
      { kind: 'selectProfile' },
    ]);
  }
  return make(
    'CredentialsError',
    'credentials',
    `The AWS credentials for ${profileLabel(context)} could not be loaded.`,
    [{ kind: 'selectProfile' }],
  );
}

function classifyNetwork(fields: ErrorFields, context: ErrorContext, make: Make): ErrorClassification | undefined {
  const code = fields.code ?? '';
  const where = context.endpoint ?? (context.region ? `Lambda in ${context.region}` : 'Lambda');
  const check: ErrorAction[] = context.endpoint ? [{ kind: 'checkEndpoint', endpoint: context.endpoint }] : [];
  const stream = context.phase === 'stream';
  if (code === 'ECONNREFUSED') {
    const hint = context.endpoint ? '; is the endpoint running?' : '.';
    return make('ConnectionRefused', 'network', `The connection to ${where} was refused${hint}`, [
      ...check,
      { kind: 'retry' },
    ]);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return make(
      'HostNotFound',
      'network',
      `The host of ${where} could not be found; check the address and your network.`,
      [...check, { kind: 'retry' }],
    );
  }
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    fields.message === 'aborted'
  ) {
    return make(
      'ConnectionReset',
      'network',
      stream
        ? `The connection dropped during the response; ${STREAM_TAIL}, and the function may have kept running.`
        : `The connection to ${where} was closed before it answered.`,
      RETRY,
    );
  }
  if (code === 'ETIMEDOUT' || fields.name === 'TimeoutError') {
    return make('Timeout', 'network', `${capitalize(where)} did not answer in time.`, [...check, { kind: 'retry' }]);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN' || code === 'EADDRNOTAVAIL') {
    return make('NetworkUnreachable', 'network', `${capitalize(where)} cannot be reached from this network.`, [
      ...check,
      { kind: 'retry' },
    ]);
  }
  if (/^(CERT_|ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY))/.test(code)) {
    return make('TlsError', 'network', `The secure connection to ${where} failed (${code}).`, check);
  }
  return undefined;
}

function profileLabel(context: ErrorContext): string {
  const profile = context.profile ?? process.env.AWS_PROFILE;
  return profile ? `profile '${profile}'` : 'the default profile';
}
