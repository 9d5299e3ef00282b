/**
 * Error classification: every exception the InvokeWithResponseStream reference lists, answered by a server with its
 * real status and error type and turned into an SDK exception by the real SDK, maps to its own code, one sentence
 * and actions; so do the unmodeled ones, credentials, network, stream and local failures.
 */
import * as assert from 'node:assert/strict';
import { createLambdaClient, disposeLambdaClients } from '../../../src/core/aws/client';
import {
  classifyError,
  classifyFunctionFailure,
  type ErrorClassification,
  LambdaStreamError,
} from '../../../src/core/errors/classify';
import { consoleUrl, parseRetryAfter } from '../../../src/core/errors/errorText';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { collect } from './support/collect';
import { errorResponse, startStreamServer, type StreamServer } from './support/streamServer';

/** [exception, HTTP status, expected category] for every error in the InvokeWithResponseStream API reference. */
const REFERENCE_EXCEPTIONS: [string, number, string][] = [
  ['EC2AccessDeniedException', 502, 'service'],
  ['EC2ThrottledException', 502, 'service'],
  ['EC2UnexpectedException', 502, 'service'],
  ['EFSIOException', 410, 'service'],
  ['EFSMountConnectivityException', 408, 'service'],
  ['EFSMountFailureException', 403, 'service'],
  ['EFSMountTimeoutException', 408, 'service'],
  ['ENILimitReachedException', 502, 'service'],
  ['InvalidParameterValueException', 400, 'validation'],
  ['InvalidRequestContentException', 400, 'validation'],
  ['InvalidRuntimeException', 502, 'service'],
  ['InvalidSecurityGroupIDException', 502, 'service'],
  ['InvalidSubnetIDException', 502, 'service'],
  ['InvalidZipFileException', 502, 'service'],
  ['KMSAccessDeniedException', 502, 'service'],
  ['KMSDisabledException', 502, 'service'],
  ['KMSInvalidStateException', 502, 'service'],
  ['KMSNotFoundException', 502, 'service'],
  ['RecursiveInvocationException', 400, 'service'],
  ['RequestTooLargeException', 413, 'service'],
  ['ResourceConflictException', 409, 'service'],
  ['ResourceNotFoundException', 404, 'service'],
  ['ResourceNotReadyException', 502, 'service'],
  ['ServiceException', 500, 'service'],
  ['SnapStartException', 400, 'service'],
  ['SnapStartNotReadyException', 409, 'service'],
  ['SnapStartTimeoutException', 408, 'service'],
  ['SubnetIPAddressLimitReachedException', 502, 'service'],
  ['TooManyRequestsException', 429, 'service'],
  ['UnsupportedMediaTypeException', 415, 'validation'],
  // Also in the model for this operation (wire-protocol reference §3.3) and sent by AWS in practice.
  ['NoPublishedVersionException', 400, 'service'],
  ['S3FilesMountFailureException', 403, 'service'],
  ['S3FilesMountConnectivityException', 408, 'service'],
  ['S3FilesMountTimeoutException', 408, 'service'],
  ['SerializedRequestEntityTooLargeException', 413, 'service'],
  ['RequestEntityTooLargeException', 413, 'service'],
  ['ValidationException', 400, 'validation'],
  ['AccessDeniedException', 403, 'credentials'],
  ['ExpiredTokenException', 403, 'credentials'],
  ['UnrecognizedClientException', 403, 'credentials'],
  ['InvalidSignatureException', 403, 'credentials'],
];

/** Exceptions whose cause lies in the function's configuration: the fix is in the console. */
const CONSOLE_FIXES =
  /^(EC2AccessDenied|ENILimit|InvalidRuntime|InvalidSecurityGroupID|InvalidSubnetID|InvalidZipFile|KMS|SubnetIPAddress|EFSMountFailure|EFSIO|S3FilesMountFailure|SnapStartException|RecursiveInvocation)/;

function assertSentence(classification: ErrorClassification): void {
  assert.match(classification.message, /^[A-Z].*[.?]$/s, classification.message);
  assert.ok(classification.message.length < 200, classification.message);
}

describe('core/errors', () => {
  describe('every exception of the API reference, through the real SDK', () => {
    let server: StreamServer;
    before(async () => (server = await startStreamServer()));
    after(async () => {
      await server.close();
      await disposeLambdaClients();
    });

    for (const [name, status, category] of REFERENCE_EXCEPTIONS) {
      it(`${name} (${status})`, async () => {
        server.handle(
          errorResponse(
            status,
            name,
            JSON.stringify({
              Type: status >= 500 ? 'Service' : 'User',
              message: `the ${name} text`,
              Message: `the ${name} text`,
            }),
          ),
        );
        const connection = { kind: 'aws' as const, region: 'eu-west-1' };
        const client = await createLambdaClient(
          { kind: 'endpoint', endpoint: server.url, region: 'eu-west-1' },
          'invoke',
        );
        const result = await collect(
          invokeStreaming({ connection, functionName: 'my-fn', qualifier: 'live' }, '{}', { client }),
        );
        client.destroy();
        const classification = result.error!.classification;
        assert.equal(classification.code, name);
        assert.equal(classification.category, category);
        assert.equal(classification.statusCode, status);
        assert.equal(classification.detail, `the ${name} text`);
        assertSentence(classification);
        if (name !== 'DurableExecutionAlreadyStartedException')
          assert.ok(classification.actions.length > 0, `${name} has actions`);
        if (CONSOLE_FIXES.test(name)) {
          assert.ok(
            classification.actions.some(
              (action) =>
                action.kind === 'openConsole' &&
                action.url === 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/my-fn',
            ),
            name,
          );
        }
      });
    }
  });

  it('turns throttling into retry-after seconds, from seconds, a date or milliseconds', () => {
    const throttled = classifyError({
      name: 'TooManyRequestsException',
      $fault: 'client',
      retryAfterSeconds: '12',
      Reason: 'ConcurrentInvocationLimitExceeded',
    });
    assert.equal(throttled.retryAfterSeconds, 12);
    assert.deepEqual(throttled.actions, [{ kind: 'retryAfter', seconds: 12 }]);
    assert.equal(throttled.message, "The account's concurrency limit is used up; try again in 12 s.");
    const now = Date.parse('2026-11-22T10:00:00Z');
    assert.equal(
      parseRetryAfter({ name: 'x', $response: { headers: { 'Retry-After': 'Sun, 22 Nov 2026 10:00:30 GMT' } } }, now),
      30,
    );
    assert.equal(parseRetryAfter({ name: 'x', $response: { headers: { 'x-amz-retry-after': '1500' } } }, now), 2);
    assert.equal(parseRetryAfter({ name: 'x' }, now), undefined);
  });

  it('names the permission and resource for AccessDenied', () => {
    const message =
      'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:f because no identity-based policy allows the lambda:InvokeFunction action';
    const denied = classifyError({ name: 'AccessDeniedException', $fault: 'client', message }, { functionName: 'f' });
    assert.deepEqual(denied.actions[0], {
      kind: 'copyPermission',
      permission: 'lambda:InvokeFunction',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    });
    assert.equal(denied.message, "These credentials are not allowed to invoke function 'f'.");
  });

  it('says which call AccessDenied refused: invoking, or the listing call that failed', () => {
    const denied = (context: Parameters<typeof classifyError>[1]) =>
      classifyError({ name: 'AccessDeniedException', $fault: 'client', message: 'no' }, context);
    const expectations: [Parameters<typeof classifyError>[1], string, string][] = [
      [{ functionName: 'f' }, "These credentials are not allowed to invoke function 'f'.", 'lambda:InvokeFunction'],
      [
        { operation: 'list', apiOperation: 'ListAliases', functionName: 'f' },
        "These credentials are not allowed to list the aliases of function 'f'.",
        'lambda:ListAliases',
      ],
      [
        { operation: 'list', apiOperation: 'ListVersionsByFunction', functionName: 'f' },
        "These credentials are not allowed to list the versions of function 'f'.",
        'lambda:ListVersionsByFunction',
      ],
      [
        { operation: 'list', apiOperation: 'GetFunctionUrlConfig', functionName: 'f' },
        "These credentials are not allowed to read the function URL of function 'f'.",
        'lambda:GetFunctionUrlConfig',
      ],
      [
        { operation: 'list', apiOperation: 'ListFunctions' },
        'These credentials are not allowed to list the functions.',
        'lambda:ListFunctions',
      ],
      [{ operation: 'list' }, 'These credentials are not allowed to list the functions.', 'lambda:ListFunctions'],
    ];
    for (const [context, message, permission] of expectations) {
      const classification = denied(context);
      assert.equal(classification.message, message);
      assert.deepEqual(classification.actions[0], { kind: 'copyPermission', permission, resource: undefined });
    }
  });

  it('classifies credential failures with the action that fixes them', () => {
    const credentials = (message: string, name = 'CredentialsProviderError') =>
      classifyError(Object.assign(new Error(message), { name }), { profile: 'dev' });
    const sso = credentials(
      'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
    );
    assert.equal(sso.code, 'SsoSessionExpired');
    assert.deepEqual(sso.actions[0], { kind: 'ssoLogin', profile: 'dev', command: 'aws sso login --profile dev' });
    assert.equal(
      credentials('Token is expired. To refresh this SSO session run aws sso login', 'TokenProviderError').code,
      'SsoSessionExpired',
    );
    assert.equal(credentials('Could not load credentials from any providers').code, 'NoCredentials');
    assert.equal(credentials('Profile dev could not be found in shared credentials file.').code, 'ProfileNotFound');
    assert.equal(
      credentials('Failed to refresh token: x. Please re-authenticate using aws login').code,
      'LoginSessionExpired',
    );
    assert.equal(credentials('credential_process exited with 1').code, 'CredentialsError');
    assert.equal(classifyError(new Error('Region is missing')).code, 'RegionMissing');
    for (const classification of [sso, credentials('Could not load credentials from any providers')]) {
      assert.equal(classification.category, 'credentials');
      assertSentence(classification);
    }
  });

  it('classifies network failures by their code, per phase', () => {
    const network = (code: string, phase: 'request' | 'stream' = 'request', message = code) =>
      classifyError(Object.assign(new Error(message), { code }), { endpoint: 'http://127.0.0.1:9001', phase });
    assert.equal(network('ECONNREFUSED').code, 'ConnectionRefused');
    assert.equal(network('ENOTFOUND').code, 'HostNotFound');
    assert.equal(network('EAI_AGAIN').code, 'HostNotFound');
    assert.equal(network('ETIMEDOUT').code, 'Timeout');
    assert.equal(network('EHOSTUNREACH').code, 'NetworkUnreachable');
    assert.equal(network('DEPTH_ZERO_SELF_SIGNED_CERT').code, 'TlsError');
    assert.match(network('ECONNRESET', 'stream', 'aborted').message, /the output so far is incomplete/);
    assert.equal(classifyError(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })).code, 'Timeout');
    const cancelled = classifyError(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    assert.equal(cancelled.category, 'cancelled');
    assert.match(cancelled.message, /may still be running/);
    assert.equal(
      classifyError(Object.assign(new Error('x'), { name: 'AbortError' }), { operation: 'list' }).message,
      'Listing was cancelled.',
    );
  });

  it('classifies a non-JSON error body, an unnamed error and anything unexpected', () => {
    const html = classifyError(
      Object.assign(new SyntaxError('Unexpected token <'), { $metadata: { httpStatusCode: 502 } }),
      { responseContentType: 'text/html' },
    );
    assert.equal(html.code, 'InvalidErrorResponse');
    assert.equal(
      html.message,
      'The endpoint answered with HTTP 502 and a body (text/html) that is not a Lambda error response.',
    );
    assert.equal(
      classifyError({ name: 'Unknown', $fault: 'server', message: 'UnknownError', $metadata: { httpStatusCode: 503 } })
        .code,
      'UnknownServiceError',
    );
    assert.equal(classifyError(new TypeError('x is not a function')).code, 'UnexpectedError');
    assert.equal(classifyError('a string').code, 'UnexpectedError');
  });

  it('keeps the classification of a LambdaStreamError', () => {
    const original = new LambdaStreamError({
      code: 'InvalidPayload',
      category: 'validation',
      message: 'Bad.',
      actions: [],
    });
    assert.equal(classifyError(original), original.classification);
    assert.equal(original.code, 'InvalidPayload');
  });

  it('classifies function failures reported at the end of a stream', () => {
    const failed = classifyFunctionFailure({
      errorCode: 'Error',
      errorDetails: 'boom at row 2\n    at handler',
      chunks: 2,
    });
    assert.equal(failed.message, 'The function failed after 2 chunks with Error: boom at row 2.');
    assert.equal(failed.category, 'function');
    assert.deepEqual(failed.actions, [{ kind: 'showLog' }, { kind: 'retry' }]);
    assert.equal(classifyFunctionFailure({ errorCode: 'Sandbox.Timedout', chunks: 1 }).code, 'FunctionTimeout');
    assert.equal(classifyFunctionFailure({ errorCode: 'Function.ResponseSizeTooLarge' }).code, 'ResponseTooLarge');
  });

  it('builds console links per partition, only for AWS connections', () => {
    assert.equal(
      consoleUrl({ functionName: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:f:live' }),
      'https://cn-north-1.console.amazonaws.cn/lambda/home?region=cn-north-1#/functions/f',
    );
    assert.equal(
      consoleUrl({ functionName: 'f', region: 'us-gov-west-1' }),
      'https://console.amazonaws-us-gov.com/lambda/home?region=us-gov-west-1#/functions/f',
    );
    assert.equal(consoleUrl({ functionName: 'f', region: 'us-east-1', endpoint: 'http://127.0.0.1:1' }), undefined);
    assert.equal(consoleUrl({ functionName: 'f' }), undefined);
  });
});
