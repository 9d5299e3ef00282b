/**
 * Lambda's own exceptions: every error the InvokeWithResponseStream and Invoke references list, the unmodeled ones
 * AWS sends in practice (ValidationException, AccessDeniedException, expired or unknown credentials), and error
 * responses the SDK could not name. Each maps to one sentence and the actions that fix the cause.
 */
import type { ErrorAction, ErrorClassification, ErrorContext, ServiceErrorLike } from './types';
import { MAX_SYNC_PAYLOAD_BYTES } from '../rules/names';
import { capitalize, consoleAction, describeTarget, extractMessage, parseRetryAfter } from './errorText';

type Fix = (context: ErrorContext, error: ServiceErrorLike) => readonly ErrorAction[];
interface Entry {
  readonly message: string | ((context: ErrorContext, error: ServiceErrorLike) => string);
  readonly fix?: Fix;
  readonly category?: 'service' | 'credentials' | 'validation';
}

const PAYLOAD_LIMIT = MAX_SYNC_PAYLOAD_BYTES;
const retry: Fix = () => [{ kind: 'retry' }];
const openConsole: Fix = (context) => consoleAction(context);
const retryOrConsole: Fix = (context) => [{ kind: 'retry' }, ...consoleAction(context)];
const tooLarge: Entry = {
  message: (c) =>
    `The request is too large for Lambda${c.payloadBytes ? ` (${c.payloadBytes} bytes)` : ''}: payloads are limited to 6 MB.`,
  fix: (c) => [{ kind: 'reducePayload', bytes: c.payloadBytes, limit: PAYLOAD_LIMIT }],
};
const kms = (cause: string): Entry => ({
  message: `Lambda could not decrypt the function's environment variables because ${cause}.`,
  fix: openConsole,
});
const vpc = (cause: string, fix: Fix = openConsole): Entry => ({
  message: `Lambda could not set up the function's VPC networking: ${cause}.`,
  fix,
});
const mount = (system: string, cause: string, fix: Fix): Entry => ({
  message: `The function ${cause} its ${system} file system.`,
  fix,
});

const THROTTLE_REASONS: Record<string, string> = {
  ConcurrentInvocationLimitExceeded: "The account's concurrency limit is used up",
  ReservedFunctionConcurrentInvocationLimitExceeded: "The function's reserved concurrency is used up",
  FunctionInvocationRateLimitExceeded: "The function's invocation rate limit is exceeded",
  ReservedFunctionInvocationRateLimitExceeded: "The function's invocation rate limit is exceeded",
  CallerRateLimitExceeded: 'Too many requests are coming from these credentials',
  ConcurrentSnapshotCreateLimitExceeded: 'Too many SnapStart snapshots are being created at once',
};
const throttled: Entry = {
  message: (_c, e) => {
    const seconds = parseRetryAfter(e);
    const wait = seconds === undefined ? 'wait a moment and try again' : `try again in ${seconds} s`;
    return `${THROTTLE_REASONS[e.Reason ?? ''] ?? 'Lambda is throttling requests'}; ${wait}.`;
  },
  fix: (_c, e) => {
    const seconds = parseRetryAfter(e);
    return seconds === undefined ? [{ kind: 'retry' }] : [{ kind: 'retryAfter', seconds }];
  },
};

/** The catalogue, keyed by exception name. */
const CATALOGUE: Record<string, Entry> = {
  InvalidParameterValueException: {
    message: 'Lambda rejected one of the request parameters.',
    fix: (_c, e) => parameterFix(e.message ?? ''),
    category: 'validation',
  },
  InvalidRequestContentException: {
    message: 'Lambda could not parse the payload as JSON.',
    fix: () => [{ kind: 'fixPayload' }],
    category: 'validation',
  },
  UnsupportedMediaTypeException: {
    message: 'Lambda rejected the payload because it is not JSON.',
    fix: () => [{ kind: 'fixPayload' }],
    category: 'validation',
  },
  RequestTooLargeException: tooLarge,
  SerializedRequestEntityTooLargeException: tooLarge,
  RequestEntityTooLargeException: tooLarge,
  ResourceNotFoundException: {
    message: (c) => `${capitalize(describeTarget(c))} was not found${c.region ? ` in ${c.region}` : ''}.`,
    fix: () => [{ kind: 'chooseFunction' }, { kind: 'refreshFunctions' }],
  },
  NoPublishedVersionException: {
    message: 'The function has no published version to invoke.',
    fix: (c) => [{ kind: 'chooseFunction' }, ...consoleAction(c)],
  },
  ResourceConflictException: {
    message: 'The function is being updated; try again when the update has finished.',
    fix: retry,
  },
  ResourceNotReadyException: {
    message: 'The function is inactive while Lambda restores its VPC connection; try again in a few minutes.',
    fix: retryOrConsole,
  },
  TooManyRequestsException: throttled,
  ThrottlingException: throttled,
  ServiceException: { message: 'Lambda had an internal error; trying again usually works.', fix: retry },
  RecursiveInvocationException: {
    message: 'Lambda stopped the invocation because the function was invoking itself in a loop.',
    fix: openConsole,
  },
  SnapStartException: {
    message: "The function's SnapStart afterRestore() hook failed; its CloudWatch log has the cause.",
    fix: openConsole,
  },
  SnapStartNotReadyException: {
    message: 'Lambda is still creating the SnapStart snapshot; invoke again when the function is Active.',
    fix: retry,
  },
  SnapStartTimeoutException: {
    message: "Lambda could not restore the function's SnapStart snapshot in time.",
    fix: retryOrConsole,
  },
  DurableExecutionAlreadyStartedException: {
    message: 'A durable execution with this name has already started.',
    fix: () => [],
  },
  EFSIOException: mount('EFS', 'failed reading or writing', openConsole),
  EFSMountConnectivityException: mount('EFS', 'could not reach', retryOrConsole),
  EFSMountFailureException: mount('EFS', 'is not allowed or not configured to mount', openConsole),
  EFSMountTimeoutException: mount('EFS', 'timed out mounting', retryOrConsole),
  S3FilesMountConnectivityException: mount('S3 Files', 'could not reach', retryOrConsole),
  S3FilesMountFailureException: mount('S3 Files', 'is not allowed or not configured to mount', openConsole),
  S3FilesMountTimeoutException: mount('S3 Files', 'timed out mounting', retryOrConsole),
  EC2AccessDeniedException: vpc("the function's execution role lacks the EC2 permissions it needs"),
  EC2ThrottledException: vpc('EC2 throttled the requests; try again shortly', retryOrConsole),
  EC2UnexpectedException: {
    message: (_c, e) =>
      `EC2 returned an unexpected error${e.EC2ErrorCode ? ` (${e.EC2ErrorCode})` : ''} while Lambda set up the function's VPC networking.`,
    fix: retryOrConsole,
  },
  ENILimitReachedException: vpc("the VPC's limit of network interfaces is reached"),
  SubnetIPAddressLimitReachedException: vpc('a configured subnet has no free IP addresses'),
  InvalidSecurityGroupIDException: vpc('a configured security group does not exist'),
  InvalidSubnetIDException: vpc('a configured subnet does not exist'),
  InvalidRuntimeException: {
    message: "The function's runtime is not supported; update it to a current runtime.",
    fix: openConsole,
  },
  InvalidZipFileException: {
    message: "Lambda could not unzip the function's deployment package; deploy it again.",
    fix: openConsole,
  },
  KMSAccessDeniedException: kms('KMS denied access to the key'),
  KMSDisabledException: kms('the KMS key is disabled'),
  KMSInvalidStateException: kms('the KMS key is not in a usable state'),
  KMSNotFoundException: kms('the KMS key does not exist'),
  ValidationException: {
    message: 'Lambda rejected the request because a name or parameter breaks its rules.',
    fix: (_c, e) => parameterFix(e.message ?? ''),
    category: 'validation',
  },
  AccessDeniedException: {
    message: (c) => `These credentials are not allowed to ${deniedCall(c).doing}.`,
    fix: (c, e) => [
      {
        kind: 'copyPermission',
        permission: permissionIn(e.message) ?? deniedCall(c).permission,
        resource: resourceIn(e.message),
      },
      { kind: 'selectProfile' },
    ],
    category: 'credentials',
  },
  ExpiredTokenException: {
    message: 'The AWS credentials have expired; refresh them or sign in again.',
    fix: (c) => signInActions(c),
    category: 'credentials',
  },
  UnrecognizedClientException: {
    message: 'AWS does not recognise the access key of these credentials.',
    fix: () => [{ kind: 'selectProfile' }],
    category: 'credentials',
  },
  InvalidSignatureException: {
    message: (_c, e) =>
      /expired/i.test(e.message ?? '')
        ? "AWS rejected the request's signature because this computer's clock is off."
        : 'AWS rejected the request signature; the secret key of these credentials is probably wrong.',
    fix: (_c, e) => (/expired/i.test(e.message ?? '') ? [{ kind: 'checkClock' }] : [{ kind: 'selectProfile' }]),
    category: 'credentials',
  },
};

/** True for a name in the catalogue (also used for exception frames, which carry only a name). */
export function isServiceErrorName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, name);
}

/** Classifies an SDK service exception (or a stream exception frame carrying a known name). */
export function classifyServiceError(error: ServiceErrorLike, context: ErrorContext): ErrorClassification {
  const entry = isServiceErrorName(error.name) ? CATALOGUE[error.name] : undefined;
  const statusCode = error.$metadata?.httpStatusCode;
  const base = {
    exceptionName: error.name,
    statusCode,
    requestId: error.$metadata?.requestId,
    detail: extractMessage(error.message),
  };
  const stream = context.phase === 'stream';
  if (entry) {
    const message = typeof entry.message === 'string' ? entry.message : entry.message(context, error);
    const retryAfterSeconds = entry === throttled ? parseRetryAfter(error) : undefined;
    return {
      ...base,
      code: error.name,
      category: stream ? 'stream' : (entry.category ?? 'service'),
      message: stream ? `${message.slice(0, -1)}; the output stopped early.` : message,
      actions: entry.fix?.(context, error) ?? [],
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  const status = statusCode ? ` (HTTP ${statusCode})` : '';
  const named = error.name && error.name !== 'Unknown' ? `${error.name}${status}` : `an error${status} without a name`;
  const server = error.$fault === 'server' || (statusCode !== undefined && statusCode >= 500);
  return {
    ...base,
    code: error.name && error.name !== 'Unknown' ? error.name : 'UnknownServiceError',
    category: stream ? 'stream' : 'service',
    message: `Lambda answered with ${named}${server ? '; trying again may help' : ''}.`,
    actions: server ? [{ kind: 'retry' }] : [],
  };
}

/** What the denied call was trying to do (for the sentence) and the IAM permission it needs. */
function deniedCall(context: ErrorContext): { doing: string; permission: string } {
  const target = describeTarget(context);
  if (context.operation !== 'list') return { doing: `invoke ${target}`, permission: 'lambda:InvokeFunction' };
  switch (context.apiOperation) {
    case 'ListAliases':
      return { doing: `list the aliases of ${target}`, permission: 'lambda:ListAliases' };
    case 'ListVersionsByFunction':
      return { doing: `list the versions of ${target}`, permission: 'lambda:ListVersionsByFunction' };
    case 'GetFunctionUrlConfig':
      return { doing: `read the function URL of ${target}`, permission: 'lambda:GetFunctionUrlConfig' };
    case 'ListFunctions':
      return { doing: 'list the functions', permission: 'lambda:ListFunctions' };
    default:
      return context.functionName
        ? { doing: `read the details of ${target}`, permission: 'lambda:GetFunction' }
        : { doing: 'list the functions', permission: 'lambda:ListFunctions' };
  }
}

function parameterFix(message: string): readonly ErrorAction[] {
  if (/qualifier/i.test(message)) return [{ kind: 'editOption', option: 'qualifier' }];
  if (/tenant/i.test(message)) return [{ kind: 'editOption', option: 'tenantId' }];
  if (/client ?context/i.test(message)) return [{ kind: 'editOption', option: 'clientContext' }];
  return [{ kind: 'chooseFunction' }];
}

function signInActions(context: ErrorContext): readonly ErrorAction[] {
  const profile = context.profile;
  const flag = profile ? ` --profile ${profile}` : '';
  return [{ kind: 'ssoLogin', profile, command: `aws sso login${flag}` }, { kind: 'selectProfile' }];
}

function permissionIn(message: string | undefined): string | undefined {
  return /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message ?? '')?.[1];
}

function resourceIn(message: string | undefined): string | undefined {
  return /on resource: (arn:[^\s]+)/.exec(message ?? '')?.[1];
}
