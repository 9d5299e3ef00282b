/**
 * Every error a person can meet, as the extension puts it to them: one sentence naming the target and the buttons
 * that fix the cause. Table-driven over every exception of the InvokeWithResponseStream API reference (and the ones
 * AWS sends in practice), classified by the core from a synthetic SDK error, then presented as the notification does.
 */
import * as assert from 'node:assert/strict';
import { classifyError, classifyFunctionFailure, type ErrorClassification } from '../../../src/core/errors/classify';
import {
  type FailureContext,
  functionResource,
  LOCAL_ENDPOINT_STOPPED,
  localEndpointStopped,
  presentFailure,
} from '../../../src/extension/notifications/errorPresentation';

const AWS: FailureContext = {
  label: 'my-fn',
  connectionKind: 'aws',
  connectionKey: 'aws|dev|eu-west-1',
  functionName: 'my-fn',
  profile: 'dev',
  region: 'eu-west-1',
  hasPayloadDocument: true,
};
const CONSOLE = 'Open Function in Console';

/** [exception, HTTP status, the sentence (a fragment), the buttons] — every exception the reference lists first. */
const TABLE: [string, number, RegExp, string[]][] = [
  [
    'EC2AccessDeniedException',
    502,
    /VPC networking: the function's execution role lacks the EC2 permissions/,
    [CONSOLE],
  ],
  ['EC2ThrottledException', 502, /EC2 throttled the requests/, ['Retry', CONSOLE]],
  ['EC2UnexpectedException', 502, /EC2 returned an unexpected error/, ['Retry', CONSOLE]],
  ['EFSIOException', 410, /^my-fn failed reading or writing its EFS file system\.$/, [CONSOLE]],
  ['EFSMountConnectivityException', 408, /^my-fn could not reach its EFS file system\.$/, ['Retry', CONSOLE]],
  [
    'EFSMountFailureException',
    403,
    /^my-fn is not allowed or not configured to mount its EFS file system\.$/,
    [CONSOLE],
  ],
  ['EFSMountTimeoutException', 408, /^my-fn timed out mounting its EFS file system\.$/, ['Retry', CONSOLE]],
  [
    'ENILimitReachedException',
    502,
    /my-fn's VPC networking: the VPC's limit of network interfaces is reached/,
    [CONSOLE],
  ],
  ['InvalidParameterValueException', 400, /rejected one of the request parameters/, ['Choose Another Function']],
  ['InvalidRequestContentException', 400, /could not parse the payload as JSON/, ['Show Problem']],
  ['InvalidRuntimeException', 502, /^my-fn's runtime is not supported/, [CONSOLE]],
  ['InvalidSecurityGroupIDException', 502, /a configured security group does not exist/, [CONSOLE]],
  ['InvalidSubnetIDException', 502, /a configured subnet does not exist/, [CONSOLE]],
  ['InvalidZipFileException', 502, /could not unzip my-fn's deployment package/, [CONSOLE]],
  [
    'KMSAccessDeniedException',
    502,
    /could not decrypt my-fn's environment variables because KMS denied access/,
    [CONSOLE],
  ],
  ['KMSDisabledException', 502, /because the KMS key is disabled/, [CONSOLE]],
  ['KMSInvalidStateException', 502, /because the KMS key is not in a usable state/, [CONSOLE]],
  ['KMSNotFoundException', 502, /because the KMS key does not exist/, [CONSOLE]],
  ['RecursiveInvocationException', 400, /because my-fn was invoking itself in a loop/, [CONSOLE]],
  ['RequestTooLargeException', 413, /too large for Lambda .*limited to 6 MB/, ['Show Payload Size']],
  ['ResourceConflictException', 409, /^my-fn is being updated/, ['Retry']],
  [
    'ResourceNotFoundException',
    404,
    /^Function 'my-fn' was not found in eu-west-1\.$/,
    ['Choose Another Function', 'Refresh Functions'],
  ],
  ['ResourceNotReadyException', 502, /^my-fn is inactive while Lambda restores its VPC connection/, ['Retry', CONSOLE]],
  ['ServiceException', 500, /internal error; trying again usually works/, ['Retry']],
  ['SnapStartException', 400, /^my-fn's SnapStart afterRestore\(\) hook failed/, [CONSOLE]],
  ['SnapStartNotReadyException', 409, /still creating the SnapStart snapshot/, ['Retry']],
  ['SnapStartTimeoutException', 408, /could not restore my-fn's SnapStart snapshot in time/, ['Retry', CONSOLE]],
  ['SubnetIPAddressLimitReachedException', 502, /a configured subnet has no free IP addresses/, [CONSOLE]],
  ['TooManyRequestsException', 429, /^my-fn's reserved concurrency is used up; try again in 3 s\.$/, ['Retry in 3 s']],
  ['UnsupportedMediaTypeException', 415, /rejected the payload because it is not JSON/, ['Show Problem']],
  // Not in the reference's list, but in the operation's model or sent by AWS in practice.
  ['NoPublishedVersionException', 400, /has no published version/, ['Choose Another Function', CONSOLE]],
  ['RequestEntityTooLargeException', 413, /too large for Lambda/, ['Show Payload Size']],
  ['ValidationException', 400, /a name or parameter breaks its rules/, ['Choose Another Function']],
  [
    'AccessDeniedException',
    403,
    /^These credentials are not allowed to invoke function 'my-fn'\.$/,
    ['Copy Required Permission', 'Select Profile'],
  ],
  ['ExpiredTokenException', 403, /credentials have expired/, ['Sign In', 'Select Profile']],
  ['UnrecognizedClientException', 403, /does not recognise the access key/, ['Select Profile']],
];

/** An SDK service exception as the SDK throws it. */
function sdkError(
  name: string,
  status: number,
  message = `the ${name} text`,
  extra: Record<string, unknown> = {},
): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
    ...extra,
  });
}

function classify(error: unknown): ErrorClassification {
  return classifyError(error, { functionName: 'my-fn', region: 'eu-west-1', profile: 'dev', payloadBytes: 6_000_000 });
}

function assertOneSentence(message: string): void {
  assert.match(message, /^[A-Z'a-z].*[.]$/s, message);
  assert.ok(!/\n/.test(message) && message.length < 200, message);
}

describe('invoke/errorPresentation: every error class → one sentence + the action that fixes it', () => {
  for (const [name, status, sentence, buttons] of TABLE) {
    it(`${name} (${status}) → ${buttons.join(' / ')}`, () => {
      const extra =
        name === 'TooManyRequestsException'
          ? { retryAfterSeconds: '3', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }
          : {};
      const notice = presentFailure(classify(sdkError(name, status, `the ${name} text`, extra)), AWS);
      assertOneSentence(notice.message);
      assert.match(notice.message, sentence);
      assert.deepEqual(
        notice.buttons.map((button) => button.label),
        buttons,
      );
      assert.equal(notice.severity, 'error');
    });
  }

  it("KMS, EFS, ENI and SnapStart on AWS open the function in its region's console", () => {
    for (const name of ['KMSDisabledException', 'EFSIOException', 'ENILimitReachedException', 'SnapStartException']) {
      const notice = presentFailure(classify(sdkError(name, 502)), AWS);
      const open = notice.buttons.find((button) => button.label === CONSOLE);
      assert.deepEqual(open?.intent, {
        kind: 'openUrl',
        url: 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/my-fn',
      });
    }
  });

  it('AccessDenied copies a policy statement with lambda:InvokeFunction on the ARN (from the message, else the listing)', () => {
    const fromMessage = presentFailure(
      classify(
        sdkError(
          'AccessDeniedException',
          403,
          'User: arn:aws:iam::123456789012:user/me is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:eu-west-1:123456789012:function:my-fn because no identity-based policy allows it',
        ),
      ),
      AWS,
    );
    const copy = fromMessage.buttons[0].intent;
    assert.equal(copy.kind, 'copyPermission');
    assert.deepEqual(copy.kind === 'copyPermission' && JSON.parse(copy.statement), {
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:my-fn',
    });

    const listed = { ...AWS, functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:my-fn', qualifier: 'live' };
    assert.equal(functionResource(listed), 'arn:aws:lambda:eu-west-1:123456789012:function:my-fn:live');
    assert.equal(functionResource({ ...AWS, qualifier: 'live' }), 'arn:aws:lambda:eu-west-1:*:function:my-fn:live');
  });

  it('credentials: no credentials → Select Profile; an expired SSO session → Sign In with the profile', () => {
    const none = presentFailure(
      classify(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      ),
      AWS,
    );
    assert.equal(none.message, "No AWS credentials were found for profile 'dev'.");
    assert.deepEqual(
      none.buttons.map((button) => button.label),
      ['Select Profile'],
    );
    const sso = presentFailure(
      classify(
        Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), {
          name: 'TokenProviderError',
        }),
      ),
      AWS,
    );
    assert.match(sso.message, /SSO session for profile 'dev' has expired/);
    assert.deepEqual(sso.buttons[0], { label: 'Sign In', intent: { kind: 'signIn', profile: 'dev' } });
  });

  it('a function failure names the target and offers Show Log and Re-run', () => {
    const notice = presentFailure(
      classifyFunctionFailure({ errorCode: 'Error', errorDetails: 'boom at row 2', chunks: 2 }),
      { ...AWS, label: 'rows' },
    );
    assert.equal(notice.message, 'rows failed after 2 chunks with Error: boom at row 2.');
    assert.deepEqual(
      notice.buttons.map((button) => button.label),
      ['Show Log', 'Re-run'],
    );
  });

  it('without a fixing action it still offers Show Output; on a custom endpoint there is no console', () => {
    const custom = { ...AWS, connectionKind: 'custom' as const, connectionKey: 'custom|stack', region: undefined };
    const notice = presentFailure(
      classifyError(sdkError('KMSDisabledException', 502), {
        functionName: 'my-fn',
        endpoint: 'http://127.0.0.1:4566',
      }),
      custom,
    );
    assert.deepEqual(
      notice.buttons.map((button) => button.label),
      ['Show Output'],
    );
    const local = presentFailure(
      {
        code: 'ConnectionRefused',
        category: 'network',
        message: 'The connection was refused.',
        actions: [{ kind: 'checkEndpoint' }, { kind: 'retry' }],
      },
      { ...AWS, connectionKind: 'local' },
    );
    assert.deepEqual(
      local.buttons.map((button) => button.label),
      ['Show Extension Log', 'Retry'],
    );
  });

  it('the same cause on the same connection has the same key; another connection or target another', () => {
    const error = sdkError('ResourceNotFoundException', 404);
    const first = presentFailure(classify(error), AWS);
    assert.equal(presentFailure(classify(error), AWS).key, first.key);
    assert.notEqual(presentFailure(classify(error), { ...AWS, connectionKey: 'local' }).key, first.key);
    const other = classifyError(error, { functionName: 'other-fn', region: 'eu-west-1' });
    assert.notEqual(presentFailure(other, { ...AWS, label: 'other-fn', functionName: 'other-fn' }).key, first.key);
  });

  it('a cancellation is information, not an error', () => {
    const notice = presentFailure(classify(Object.assign(new Error('aborted'), { name: 'AbortError' })), AWS);
    assert.equal(notice.severity, 'info');
    assert.match(notice.message, /my-fn may still be running/);
  });

  it("a Local stream cut off by the endpoint's death says so and offers Restart Local Endpoint, Re-run, Show Output", () => {
    const LOCAL: FailureContext = {
      label: 'token-stream',
      connectionKind: 'local',
      connectionKey: 'local',
      functionName: 'token-stream',
      hasPayloadDocument: false,
      localEndpointGeneration: 3,
    };
    const reset = classifyError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), {
      functionName: 'token-stream',
      phase: 'stream',
    });
    const failure = localEndpointStopped('its process exited (SIGKILL)', reset, 120);
    assert.equal(failure.code, LOCAL_ENDPOINT_STOPPED);
    assert.match(failure.detail ?? '', /The connection dropped during the response/);
    const notice = presentFailure(failure, LOCAL);
    assert.equal(
      notice.message,
      'token-stream was cut off: the Local endpoint stopped unexpectedly (its process exited (SIGKILL)). The output received so far is kept.',
    );
    assert.deepEqual(
      notice.buttons.map((button) => [button.label, button.intent.kind]),
      [
        ['Restart Local Endpoint', 'restartLocalEndpoint'],
        ['Re-run', 'rerun'],
        ['Show Output', 'showOutput'],
      ],
    );
    // Two invocations cut off by the same death fold into one notification; another death is a notice of its own.
    assert.equal(
      presentFailure(failure, { ...LOCAL, label: 'ndjson-rows', functionName: 'ndjson-rows' }).key,
      notice.key,
    );
    assert.notEqual(presentFailure(failure, { ...LOCAL, localEndpointGeneration: 4 }).key, notice.key);
    // Cut off before any output: it does not claim there is output to keep.
    assert.match(
      localEndpointStopped('its process exited (SIGKILL)', reset, 0).message,
      /unexpectedly \(its process exited \(SIGKILL\)\)\. No output had arrived\.$/,
    );
  });
});
