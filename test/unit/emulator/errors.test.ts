import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NAMESPACED_FUNCTION_NAME_PATTERN, QUALIFIER_PATTERN, VERSION_PATTERN } from '../../../src/core/rules/names';
import { type Fixture, json, makeClient, manifest, rawRequest, readStream, startFixture, within } from './support';

const FUNCTIONS: Record<string, string> = {
  'echo.mjs': `export const handler = async (event, context) => ({ version: context.functionVersion, arn: context.invokedFunctionArn });`,
  'nopublish.mjs': `export const handler = async () => 'ok';`,
  'gate.mjs': `
    import { existsSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const gate = fileURLToPath(new URL('./gate-open', import.meta.url));
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('holding');
      while (!existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 10));
      stream.end();
    });`,
  'queue.mjs': `
    import { appendFileSync, existsSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const here = (name) => fileURLToPath(new URL('./' + name, import.meta.url));
    export const handler = async (event) => {
      appendFileSync(here('queue.log'), 'start ' + event.id + '\\n');
      while (event.wait && !existsSync(here('queue-open'))) await new Promise((resolve) => setTimeout(resolve, 10));
      appendFileSync(here('queue.log'), 'end ' + event.id + '\\n');
      return event.id;
    };`,
  'touch.mjs': `
    import { writeFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    export const handler = async (event) => writeFileSync(fileURLToPath(new URL('./touched-' + event.id, import.meta.url)), 'ran');`,
  'lambda-stream.json': manifest({
    echo: { versions: ['1', '2', '3'], aliases: { live: '2' } },
    gate: { reservedConcurrency: 1, timeout: 20 },
    queue: { reservedConcurrency: 1, timeout: 20 },
  }),
};

type ServiceError = Error & {
  $metadata: { httpStatusCode?: number; requestId?: string };
  $response?: { headers: Record<string, string> };
  Type?: string;
  Reason?: string;
  retryAfterSeconds?: string;
};

describe('emulator: names, qualifiers and service errors', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture(FUNCTIONS);
  });
  after(() => fixture.close());

  const invoke = (input: ConstructorParameters<typeof InvokeCommand>[0]) =>
    fixture.client.send(new InvokeCommand(input));
  const executed = async (FunctionName: string, Qualifier?: string) =>
    (await invoke({ FunctionName, Qualifier })).ExecutedVersion;
  const rejectsWith = (promise: Promise<unknown>, name: string, status: number, message: string | RegExp) =>
    assert.rejects(promise, (error: ServiceError) => {
      assert.equal(error.name, name);
      assert.equal(error.$metadata.httpStatusCode, status);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      assert.match(error.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
      return true;
    });

  it('accepts a bare name, name:qualifier, a partial ARN and a full ARN', async () => {
    assert.equal(await executed('echo'), '$LATEST');
    assert.equal(await executed('echo:live'), '2');
    assert.equal(await executed('123456789012:function:echo:1'), '1');
    assert.equal(await executed('arn:aws:lambda:us-east-1:123456789012:function:echo'), '$LATEST');
    assert.equal(await executed('arn:aws:lambda:us-east-1:123456789012:function:echo:$LATEST'), '$LATEST');
    assert.equal(await executed('echo', '3'), '3');
    assert.equal(await executed('echo', '$LATEST.PUBLISHED'), '3');
    assert.equal(await executed('echo:live', 'live'), '2');
  });

  it('percent-decodes the path label and the query', async () => {
    const response = await rawRequest(fixture.endpoint.url, {
      method: 'POST',
      path: '/2015-03-31/functions/%65cho%3Alive/invocations',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-amz-executed-version'], '2');
    const byQuery = await rawRequest(fixture.endpoint.url, {
      method: 'POST',
      path: '/2015-03-31/functions/echo/invocations?Qualifier=%24LATEST',
    });
    assert.equal(byQuery.headers['x-amz-executed-version'], '$LATEST');
  });

  it('accepts an endpoint with a path prefix', async () => {
    const response = await rawRequest(fixture.endpoint.url, {
      method: 'POST',
      path: '/some/prefix/2015-03-31/functions/echo/invocations',
    });
    assert.equal(response.status, 200);
  });

  it('rejects a qualifier that conflicts with the one in the name', async () => {
    await rejectsWith(
      invoke({ FunctionName: 'echo:live', Qualifier: '1' }),
      'InvalidParameterValueException',
      400,
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
    await rejectsWith(
      fixture.client.send(
        new InvokeWithResponseStreamCommand({
          FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:echo:1',
          Qualifier: '2',
        }),
      ),
      'InvalidParameterValueException',
      400,
      /does not match the specified qualifier/,
    );
  });

  it('answers unknown functions, versions and aliases with 404 naming the ARN', async () => {
    await rejectsWith(
      invoke({ FunctionName: 'missing' }),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing:$LATEST',
    );
    await rejectsWith(
      invoke({ FunctionName: 'echo', Qualifier: '9' }),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:echo:9',
    );
    await rejectsWith(invoke({ FunctionName: 'echo:nope' }), 'ResourceNotFoundException', 404, /function:echo:nope$/);
    await rejectsWith(
      invoke({ FunctionName: 'echo', Qualifier: '$latest' }),
      'ResourceNotFoundException',
      404,
      /function:echo:\$latest$/,
    );
    await rejectsWith(
      fixture.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'missing' })),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing',
    );
  });

  it('answers a bare name over 64 characters with 404, as AWS does', async () => {
    await rejectsWith(
      invoke({ FunctionName: 'a'.repeat(65) }),
      'ResourceNotFoundException',
      404,
      /^Function not found: /,
    );
  });

  it('carries Type and the message member in the error body', async () => {
    const response = await rawRequest(fixture.endpoint.url, {
      method: 'POST',
      path: '/2015-03-31/functions/missing/invocations',
    });
    assert.equal(response.status, 404);
    assert.equal(response.headers['x-amzn-errortype'], 'ResourceNotFoundException');
    assert.equal(response.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(response.body), {
      Type: 'User',
      Message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing:$LATEST',
    });
  });

  it('reports every pattern and length violation in one ValidationException', async () => {
    await rejectsWith(
      invoke({ FunctionName: 'my-function!' }),
      'ValidationException',
      400,
      `1 validation error detected: Value 'my-function!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${NAMESPACED_FUNCTION_NAME_PATTERN}`,
    );
    const long = 'a'.repeat(257);
    await rejectsWith(
      invoke({ FunctionName: long, Qualifier: 'bad qualifier' }),
      'ValidationException',
      400,
      `2 validation errors detected: Value '${long}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256; ` +
        `Value 'bad qualifier' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`,
    );
    await rejectsWith(
      invoke({ FunctionName: 'echo', Qualifier: 'q'.repeat(129) }),
      'ValidationException',
      400,
      /Member must have length less than or equal to 128$/,
    );
    await rejectsWith(
      invoke({ FunctionName: 'echo', LogType: 'Everything' as 'Tail' }),
      'ValidationException',
      400,
      "1 validation error detected: Value 'Everything' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]",
    );
    await rejectsWith(
      fixture.client.send(
        new InvokeWithResponseStreamCommand({ FunctionName: 'echo', InvocationType: 'Event' as 'DryRun' }),
      ),
      'ValidationException',
      400,
      /at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: \[RequestResponse, DryRun\]$/,
    );
  });

  it('rejects $LATEST.PUBLISHED when nothing is published', async () => {
    await rejectsWith(
      invoke({ FunctionName: 'nopublish', Qualifier: '$LATEST.PUBLISHED' }),
      'NoPublishedVersionException',
      400,
      /does not have a published version/,
    );
  });

  it('throttles past reserved concurrency with 429 and Retry-After', async () => {
    const first = await fixture.client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'gate' }));
    await rejectsWith(invoke({ FunctionName: 'gate' }), 'TooManyRequestsException', 429, 'Rate Exceeded.');
    await assert.rejects(invoke({ FunctionName: 'gate' }), (error: ServiceError) => {
      assert.equal(error.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
      assert.equal(error.Type, 'User');
      assert.equal(error.retryAfterSeconds, '1');
      return true;
    });
    writeFileSync(path.join(fixture.dir, 'gate-open'), '');
    const result = await readStream(first);
    assert.equal(result.text, 'holding');
    assert.equal((await invoke({ FunctionName: 'gate' })).StatusCode, 200);
  });

  it('queues an Event invocation while reserved concurrency is in use, instead of throttling it', async () => {
    const log = path.join(fixture.dir, 'queue.log');
    const held = fixture.client.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'queue', Payload: json({ id: 'sync', wait: true }) }),
    );
    await within(
      10_000,
      'the synchronous run to start',
      (async () => {
        while (!existsSync(log)) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
    );
    await rejectsWith(
      invoke({ FunctionName: 'queue', Payload: json({ id: 'refused' }) }),
      'TooManyRequestsException',
      429,
      'Rate Exceeded.',
    );
    const event = await invoke({ FunctionName: 'queue', InvocationType: 'Event', Payload: json({ id: 'async' }) });
    assert.equal(event.StatusCode, 202);
    writeFileSync(path.join(fixture.dir, 'queue-open'), '');
    assert.equal((await readStream(await held)).text, '"sync"');
    await within(
      10_000,
      'the queued Event run to end',
      (async () => {
        while (!readFileSync(log, 'utf8').includes('end async'))
          await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
    );
    assert.equal(
      readFileSync(log, 'utf8'),
      'start sync\nend sync\nstart async\nend async\n',
      'the Event run waited for the slot',
    );
  });

  it('refuses requests a web page sends through a browser (Origin, Sec-Fetch-Site)', async () => {
    const attempts: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const [index, headers] of attempts.entries()) {
      const response = await rawRequest(fixture.endpoint.url, {
        method: 'POST',
        path: '/2015-03-31/functions/touch/invocations',
        headers: { 'Content-Type': 'text/plain', ...headers },
        body: JSON.stringify({ id: `page-${index}` }),
      });
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(response.headers['x-amzn-errortype'], 'AccessDeniedException');
      assert.match(JSON.parse(response.body).Message, /does not answer requests made by web pages/);
    }
    assert.equal((await invoke({ FunctionName: 'touch', Payload: json({ id: 'sdk' }) })).StatusCode, 200);
    assert.equal(existsSync(path.join(fixture.dir, 'touched-sdk')), true);
    assert.deepEqual(
      attempts.map((_, index) => existsSync(path.join(fixture.dir, `touched-page-${index}`))),
      [false, false, false, false],
    );
  });

  it('answers an ARN naming another account or region with 404 naming that ARN', async () => {
    await rejectsWith(
      invoke({ FunctionName: 'arn:aws:lambda:us-east-1:999999999999:function:echo' }),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:999999999999:function:echo:$LATEST',
    );
    await rejectsWith(
      invoke({ FunctionName: '999999999999:function:echo:live' }),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:us-east-1:999999999999:function:echo:live',
    );
    await rejectsWith(
      invoke({ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:echo' }),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:echo:$LATEST',
    );
    await rejectsWith(
      fixture.client.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:echo' }),
      ),
      'ResourceNotFoundException',
      404,
      'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:echo',
    );
    const europe = makeClient(fixture.endpoint.url, 'eu-west-1');
    try {
      const output = await europe.send(
        new InvokeCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:echo:1' }),
      );
      assert.equal(output.ExecutedVersion, '1', 'the signed region is the endpoint region');
    } finally {
      europe.destroy();
    }
  });

  it('checks ListAliases FunctionVersion against the version pattern', async () => {
    await rejectsWith(
      fixture.client.send(new ListAliasesCommand({ FunctionName: 'echo', FunctionVersion: 'two' })),
      'ValidationException',
      400,
      `1 validation error detected: Value 'two' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ${VERSION_PATTERN}`,
    );
    const live = await fixture.client.send(new ListAliasesCommand({ FunctionName: 'echo', FunctionVersion: '2' }));
    assert.deepEqual(
      live.Aliases?.map((alias) => alias.Name),
      ['live'],
    );
  });

  it('refuses requests addressed to a host other than loopback', async () => {
    const response = await rawRequest(fixture.endpoint.url, {
      path: '/2015-03-31/functions',
      headers: { Host: 'evil.example:80' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers['x-amzn-errortype'], 'AccessDeniedException');
    const local = await rawRequest(fixture.endpoint.url, {
      path: '/2015-03-31/functions',
      headers: { Host: `localhost:${fixture.endpoint.port}` },
    });
    assert.equal(local.status, 200);
  });

  it('answers unknown routes with a JSON 404 and a request id', async () => {
    const response = await rawRequest(fixture.endpoint.url, { path: '/2015-03-31/nothing-here' });
    assert.equal(response.status, 404);
    assert.equal(response.headers['x-amzn-errortype'], 'UnknownOperationException');
    assert.match(String(response.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.equal(JSON.parse(response.body).Type, 'User');
  });

  it('sends x-amzn-RequestId on every kind of response', async () => {
    const responses = await Promise.all([
      rawRequest(fixture.endpoint.url, { path: '/2015-03-31/functions' }),
      rawRequest(fixture.endpoint.url, { method: 'POST', path: '/2015-03-31/functions/echo/invocations', body: '{}' }),
      rawRequest(fixture.endpoint.url, {
        method: 'POST',
        path: '/2015-03-31/functions/echo/invocations',
        headers: { 'X-Amz-Invocation-Type': 'DryRun' },
      }),
      rawRequest(fixture.endpoint.url, {
        method: 'POST',
        path: '/2021-11-15/functions/echo/response-streaming-invocations',
        body: json({}).toString(),
      }),
      rawRequest(fixture.endpoint.url, { method: 'POST', path: '/2015-03-31/functions/bad!/invocations' }),
    ]);
    assert.deepEqual(
      responses.map((response) => response.status),
      [200, 200, 204, 200, 400],
    );
    for (const response of responses) assert.match(String(response.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
  });
});
