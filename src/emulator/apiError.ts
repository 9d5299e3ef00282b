/**
 * Service errors as AWS Lambda sends them (wire-protocol §3): the status, the `x-amzn-ErrorType` name and a JSON body
 * with `Type` plus the message member in the casing the SDK's model uses for that error (`message` or `Message`).
 * Route handlers throw these; the server turns them into responses in one place.
 */
import { formatValidationMessage } from '../core/rules/names';

/** Which member carries the text: the model spells it `message` for some errors and `Message` for others. */
type MessageKey = 'message' | 'Message';

/** An error the endpoint answers with instead of a result. */
export class LambdaApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly messageKey: MessageKey,
    readonly extraBody: Record<string, string> = {},
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(message);
    this.name = errorType;
  }

  /** The JSON body AWS sends for this error. */
  body(): Record<string, string> {
    return { ...this.extraBody, Type: this.status >= 500 ? 'Service' : 'User', [this.messageKey]: this.message };
  }
}

/** 404 ResourceNotFoundException, e.g. `Function not found: arn:…`. */
export function resourceNotFound(message: string): LambdaApiError {
  return new LambdaApiError(404, 'ResourceNotFoundException', message, 'Message');
}

/** 400 ValidationException listing every pattern and length violation. */
export function validationError(violations: readonly string[]): LambdaApiError {
  return new LambdaApiError(400, 'ValidationException', formatValidationMessage(violations), 'message');
}

/** 400 InvalidParameterValueException, e.g. a qualifier conflict. */
export function invalidParameterValue(message: string): LambdaApiError {
  return new LambdaApiError(400, 'InvalidParameterValueException', message, 'message');
}

/** 400 InvalidRequestContentException: the payload is not JSON, or ClientContext is unusable. */
export function invalidRequestContent(message: string): LambdaApiError {
  return new LambdaApiError(400, 'InvalidRequestContentException', message, 'message');
}

/** 413 RequestEntityTooLargeException (not modeled in the SDK; it arrives as a LambdaServiceException by name). */
export function requestEntityTooLarge(message: string): LambdaApiError {
  return new LambdaApiError(413, 'RequestEntityTooLargeException', message, 'message');
}

/** 400 NoPublishedVersionException: `$LATEST.PUBLISHED` asked of a function without published versions. */
export function noPublishedVersion(message: string): LambdaApiError {
  return new LambdaApiError(400, 'NoPublishedVersionException', message, 'Message');
}

/** 429 TooManyRequestsException with `Retry-After`, when a function's reserved concurrency is in use. */
export function tooManyRequests(retryAfterSeconds: number): LambdaApiError {
  return new LambdaApiError(
    429,
    'TooManyRequestsException',
    'Rate Exceeded.',
    'message',
    { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** 404 for a path or method no Lambda operation answers. */
export function unknownOperation(method: string, path: string): LambdaApiError {
  return new LambdaApiError(
    404,
    'UnknownOperationException',
    `No Lambda operation matches ${method} ${path}.`,
    'message',
  );
}

/** 403 for a request whose Host is not this loopback endpoint (protects against DNS rebinding from web pages). */
export function foreignHost(host: string): LambdaApiError {
  return new LambdaApiError(
    403,
    'AccessDeniedException',
    `The local endpoint only answers requests addressed to the loopback interface, not to '${host}'.`,
    'Message',
  );
}

/** 403 for a request a web page made through a browser (CSRF): the endpoint answers programs, not pages. */
export function crossSiteRequest(): LambdaApiError {
  return new LambdaApiError(
    403,
    'AccessDeniedException',
    'The local endpoint does not answer requests made by web pages (the request carried Origin or Sec-Fetch-Site).',
    'Message',
  );
}

/** 500 ServiceException for a fault in the endpoint itself. */
export function serviceException(message: string): LambdaApiError {
  return new LambdaApiError(500, 'ServiceException', message, 'Message');
}
