/**
 * Issue 9, "Bad input", below the VS Code layer: every pattern and length limit of FunctionName, Qualifier and
 * TenantId, ClientContext over 3,583 bytes or not an object, an empty payload, a 7 MB payload and a binary payload
 * file. Each gets one precise sentence before anything is sent (the core, and the CLI with exit code 2, against a
 * server that records every request), the Local endpoint answers the same inputs as AWS does, and no payload file
 * is changed.
 */
import { InvokeWithResponseStreamCommand } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import { LambdaStreamError } from '../../../src/core/errors/classify';
import type { InvokeOptions, InvokeTarget } from '../../../src/core/engine/events';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { checkFunctionTarget, checkTenantId } from '../../../src/core/engine/request';
import { collect, joinedText } from '../core/support/collect';
import { startStreamServer, type StreamServer } from '../core/support/streamServer';
import { type Fixture, rawRequest, readStream, startFixture } from '../emulator/support';
import { cleanEnv, limited, runCli } from './support';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';

/** An input the client must refuse: what to send, the classification code and the exact sentence. */
interface Refusal {
  readonly label: string;
  readonly functionName?: string;
  readonly qualifier?: string;
  readonly tenantId?: string;
  readonly code: string;
  readonly message: string | RegExp;
  /** How the Local endpoint answers the same request (AWS's behaviour); omitted when the SDK cannot send it. */
  readonly endpoint?: { name: string; message?: RegExp };
  /** Argv cannot carry a NUL byte. */
  readonly notOnCommandLine?: boolean;
}

const validation = (message?: RegExp) => ({ name: 'ValidationException', message });

const REFUSALS: Refusal[] = [
  // FunctionName: length 1–256 (NamespacedFunctionName), 64 for the name part, and each part of the pattern.
  { label: 'empty name', functionName: '', code: 'InvalidFunctionName', message: 'No function name was given.' },
  {
    label: 'bare name of 65 characters',
    functionName: 'a'.repeat(65),
    code: 'InvalidFunctionName',
    message: 'The function name is 65 characters long; Lambda allows at most 64.',
    endpoint: { name: 'ResourceNotFoundException' },
  },
  {
    label: 'bare name of 300 characters',
    functionName: 'b'.repeat(300),
    code: 'InvalidFunctionName',
    message: 'The function name is 300 characters long; Lambda allows at most 64.',
    endpoint: validation(/Member must have length less than or equal to 256$/),
  },
  {
    label: 'full ARN with qualifier over 256 characters',
    functionName: `${ARN}${'a'.repeat(64)}:${'q'.repeat(145)}`,
    code: 'InvalidFunctionName',
    message:
      'The function name is 257 characters long; Lambda allows at most 256 for a name or ARN with its qualifier.',
    endpoint: validation(/^1 validation error detected: .*Member must have length less than or equal to 256$/),
  },
  {
    label: 'space in the name',
    functionName: 'my function',
    code: 'InvalidFunctionName',
    message:
      "'my function' is not a valid function name: ' ' (a space) is not allowed; use letters, digits, hyphens, underscores and periods, or an ARN.",
    endpoint: validation(/Member must satisfy regular expression pattern/),
  },
  {
    label: '# in the name',
    functionName: 'my#fn',
    code: 'InvalidFunctionName',
    message:
      "'my#fn' is not a valid function name: '#' is not allowed; use letters, digits, hyphens, underscores and periods, or an ARN.",
    endpoint: validation(),
  },
  {
    label: 'non-ASCII letter in the name',
    functionName: 'café',
    code: 'InvalidFunctionName',
    message:
      "'café' is not a valid function name: 'é' is not allowed; use letters, digits, hyphens, underscores and periods, or an ARN.",
    endpoint: validation(),
  },
  {
    label: 'control character in the name',
    functionName: 'fn\u0000',
    code: 'InvalidFunctionName',
    message:
      "'fn\u0000' is not a valid function name: '\\u0000' is not allowed; use letters, digits, hyphens, underscores and periods, or an ARN.",
    notOnCommandLine: true,
  },
  {
    label: '$ in the name',
    functionName: 'my$fn',
    code: 'InvalidFunctionName',
    message:
      "'my$fn' is not a valid function name: '$' is not allowed; use letters, digits, hyphens, underscores and periods.",
    endpoint: validation(),
  },
  {
    label: 'lower-case $latest after the colon',
    functionName: 'fn:$latest',
    code: 'InvalidFunctionName',
    message:
      "'fn:$latest' has '$latest' after the colon, which is not a version, an alias or $LATEST (letters, digits, hyphens and underscores).",
    endpoint: validation(),
  },
  {
    label: 'period in the qualifier after the colon',
    functionName: 'fn:1.0',
    code: 'InvalidFunctionName',
    message:
      "'fn:1.0' has '1.0' after the colon, which is not a version, an alias or $LATEST (letters, digits, hyphens and underscores).",
    endpoint: validation(),
  },
  {
    label: 'colon with nothing after it',
    functionName: 'fn:',
    code: 'InvalidFunctionName',
    message: "'fn:' ends with ':' but names no version or alias after it.",
    endpoint: validation(),
  },
  {
    label: 'qualifier without a name',
    functionName: ':live',
    code: 'InvalidFunctionName',
    message: "':live' has no function name in it.",
    endpoint: validation(),
  },
  {
    label: 'too many parts',
    functionName: 'a:b:c',
    code: 'InvalidFunctionName',
    message:
      "'a:b:c' is not a valid function name; use NAME, NAME:QUALIFIER, ACCOUNT:function:NAME or arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].",
    endpoint: validation(),
  },
  {
    label: 'partial ARN with a short account id',
    functionName: '12345:function:fn',
    code: 'InvalidFunctionName',
    message: "The account id '12345' in '12345:function:fn' is not 12 digits.",
    endpoint: validation(),
  },
  {
    label: 'ARN with a short account id',
    functionName: 'arn:aws:lambda:us-east-1:12345:function:fn',
    code: 'InvalidFunctionName',
    message: "The ARN's account id '12345' is not 12 digits.",
    endpoint: validation(),
  },
  {
    label: 'ARN with a malformed region',
    functionName: 'arn:aws:lambda:us-east-10:123456789012:function:fn',
    code: 'InvalidFunctionName',
    message: "The ARN's region 'us-east-10' is not a region code like us-east-1.",
    endpoint: validation(),
  },
  {
    label: 'ARN of another service',
    functionName: 'arn:aws:s3:us-east-1:123456789012:function:fn',
    code: 'InvalidFunctionName',
    message:
      "The ARN names the service 's3', not lambda; the form is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].",
    endpoint: validation(),
  },
  {
    label: 'ARN of an unknown partition',
    functionName: 'arn:gcp:lambda:us-east-1:123456789012:function:fn',
    code: 'InvalidFunctionName',
    message: "The ARN's partition 'gcp' is not one of aws, aws-cn, aws-us-gov….",
    endpoint: validation(),
  },
  {
    label: 'ARN of a layer version',
    functionName: 'arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1',
    code: 'InvalidFunctionName',
    message:
      "The ARN names a 'layer', not a function; the form is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].",
    endpoint: validation(),
  },
  {
    label: 'incomplete ARN',
    functionName: 'arn:aws:lambda',
    code: 'InvalidFunctionName',
    message:
      "'arn:aws:lambda' is not a complete Lambda function ARN; the form is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].",
    endpoint: validation(),
  },
  // Qualifier: length 1–128 and `\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`; and the name's own qualifier must agree.
  {
    label: 'empty qualifier',
    functionName: 'fn',
    qualifier: '',
    code: 'InvalidQualifier',
    message: 'The qualifier is empty; give a version number, an alias or $LATEST, or leave it out.',
  },
  {
    label: 'qualifier of 129 characters',
    functionName: 'fn',
    qualifier: 'q'.repeat(129),
    code: 'InvalidQualifier',
    message: 'The qualifier is 129 characters long; Lambda allows at most 128.',
    endpoint: validation(/Member must have length less than or equal to 128$/),
  },
  {
    label: 'slash in the qualifier',
    functionName: 'fn',
    qualifier: 'a/b',
    code: 'InvalidQualifier',
    message:
      "'a/b' is not a valid version or alias: '/' is not allowed; use letters, digits, hyphens, underscores and $.",
    endpoint: validation(/at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern/),
  },
  {
    label: 'space in the qualifier',
    functionName: 'fn',
    qualifier: 'v 1',
    code: 'InvalidQualifier',
    message:
      "'v 1' is not a valid version or alias: ' ' (a space) is not allowed; use letters, digits, hyphens, underscores and $.",
    endpoint: validation(),
  },
  {
    label: 'period in the qualifier',
    functionName: 'fn',
    qualifier: '1.0',
    code: 'InvalidQualifier',
    message:
      "'1.0' is not a valid version or alias: '.' is not allowed; use letters, digits, hyphens, underscores and $.",
    endpoint: validation(),
  },
  {
    label: "qualifier that differs from the name's",
    functionName: 'fn:live',
    qualifier: 'beta',
    code: 'QualifierConflict',
    message: "The function name already names a different version or alias than 'beta'.",
    endpoint: {
      name: 'InvalidParameterValueException',
      message: /^The derived qualifier from the function name does not match the specified qualifier\.$/,
    },
  },
  // TenantId: length 1–256 and `[a-zA-Z0-9\._:\/=+\-@ ]+`.
  {
    label: 'empty tenant id',
    functionName: 'fn',
    tenantId: '',
    code: 'InvalidTenantId',
    message: 'The tenant id is empty; give one or leave it out.',
  },
  {
    label: 'tenant id of 257 characters',
    functionName: 'fn',
    tenantId: 't'.repeat(257),
    code: 'InvalidTenantId',
    message: 'The tenant id is 257 characters long; Lambda allows at most 256.',
    endpoint: validation(
      /at 'tenantId' failed to satisfy constraint: Member must have length less than or equal to 256$/,
    ),
  },
  {
    label: '# in the tenant id',
    functionName: 'fn',
    tenantId: 'no#hash',
    code: 'InvalidTenantId',
    message: "'no#hash' is not a valid tenant id: '#' is not allowed; use letters, digits, spaces and . _ : / = + - @.",
    endpoint: validation(/at 'tenantId'/),
  },
  {
    label: 'tab in the tenant id',
    functionName: 'fn',
    tenantId: 'a\tb',
    code: 'InvalidTenantId',
    message:
      "'a\tb' is not a valid tenant id: '\\u0009' is not allowed; use letters, digits, spaces and . _ : / = + - @.",
  },
];

/** Inputs at the limits that must be sent as they are. */
const ACCEPTED: Array<{ label: string; functionName: string; qualifier?: string; tenantId?: string }> = [
  { label: 'bare name of 64 characters', functionName: 'a'.repeat(64) },
  {
    label: 'full ARN with qualifier of exactly 256 characters',
    functionName: `${ARN}${'a'.repeat(64)}:${'q'.repeat(144)}`,
  },
  { label: 'name with periods', functionName: 'my.fn-1_a' },
  { label: 'partial ARN', functionName: '123456789012:function:fn:live' },
  { label: '$LATEST.PUBLISHED in the name', functionName: 'fn:$LATEST.PUBLISHED' },
  { label: 'qualifier of 128 characters', functionName: 'fn', qualifier: 'q'.repeat(128) },
  { label: '$LATEST.PUBLISHED qualifier', functionName: 'fn', qualifier: '$LATEST.PUBLISHED' },
  { label: 'tenant id of 256 characters', functionName: 'fn', tenantId: 't'.repeat(256) },
  { label: 'tenant id with every allowed symbol', functionName: 'fn', tenantId: 'a-Z 0._:/=+@' },
];

describe('hardening: bad input is refused before anything is sent', function () {
  this.timeout(60_000);
  let server: StreamServer;
  const target = (functionName: string, qualifier?: string): InvokeTarget => ({
    connection: { kind: 'endpoint', endpoint: server.url },
    functionName,
    qualifier,
  });

  before(async () => {
    server = await startStreamServer();
    server.handle((_request, response) => {
      response.writeHead(204, { 'x-amzn-requestid': 'req-ok' });
      response.end();
    });
  });
  after(async () => {
    await server.close();
    await disposeLambdaClients();
  });

  it('core: one precise sentence for each pattern and length limit of FunctionName, Qualifier and TenantId, and no request', async () => {
    for (const refusal of REFUSALS) {
      const before = server.requests.length;
      const options: InvokeOptions = refusal.tenantId === undefined ? {} : { tenantId: refusal.tenantId };
      const result = await collect(
        invokeStreaming(target(refusal.functionName ?? 'fn', refusal.qualifier), '{}', options),
      );
      assert.deepEqual(result.events, [], refusal.label);
      assert.equal(result.failure?.code, refusal.code, refusal.label);
      assert.equal(result.failure?.category, 'validation', refusal.label);
      if (typeof refusal.message === 'string') assert.equal(result.error?.message, refusal.message, refusal.label);
      else assert.match(result.error?.message ?? '', refusal.message, refusal.label);
      assert.equal(server.requests.length, before, `${refusal.label}: nothing was sent`);
    }
  });

  it('core: sends the inputs at the limits unchanged', async () => {
    for (const accepted of ACCEPTED) {
      const before = server.requests.length;
      const options: InvokeOptions = accepted.tenantId === undefined ? {} : { tenantId: accepted.tenantId };
      const result = await collect(invokeStreaming(target(accepted.functionName, accepted.qualifier), '{}', options));
      assert.equal(result.error, undefined, `${accepted.label}: ${result.error?.message}`);
      assert.equal(server.requests.length, before + 1, accepted.label);
      const sent = server.requests.at(-1)!;
      assert.equal(decodeURIComponent(sent.url.split('/')[3]), accepted.functionName, accepted.label);
      if (accepted.tenantId !== undefined)
        assert.equal(sent.headers['x-amz-tenant-id'], accepted.tenantId, accepted.label);
    }
  });

  it('core: checkFunctionTarget and checkTenantId, which the extension runs before an invocation opens, refuse each with the same code and sentence', () => {
    for (const refusal of REFUSALS) {
      const check = () => {
        checkFunctionTarget(refusal.functionName ?? 'fn', refusal.qualifier);
        if (refusal.tenantId !== undefined) checkTenantId(refusal.tenantId);
      };
      assert.throws(
        check,
        (error: unknown) => {
          assert.ok(error instanceof LambdaStreamError, refusal.label);
          assert.equal(error.code, refusal.code, refusal.label);
          assert.equal(error.classification.category, 'validation', refusal.label);
          if (typeof refusal.message === 'string') assert.equal(error.message, refusal.message, refusal.label);
          else assert.match(error.message, refusal.message, refusal.label);
          return true;
        },
        refusal.label,
      );
    }
    for (const accepted of ACCEPTED) {
      checkFunctionTarget(accepted.functionName, accepted.qualifier);
      if (accepted.tenantId !== undefined) checkTenantId(accepted.tenantId);
    }
  });

  it('CLI: exit code 2 and the same sentence on stderr for each, with nothing sent', async () => {
    const before = server.requests.length;
    const cases = REFUSALS.filter((refusal) => !refusal.notOnCommandLine);
    const runs = await limited(
      4,
      cases.map(
        (refusal) => () =>
          runCli([
            'invoke',
            refusal.functionName ?? 'fn',
            '--endpoint',
            server.url,
            ...(refusal.qualifier === undefined ? [] : ['--qualifier', refusal.qualifier]),
            ...(refusal.tenantId === undefined ? [] : ['--tenant-id', refusal.tenantId]),
          ]),
      ),
    );
    runs.forEach((run, index) => {
      const refusal = cases[index];
      assert.equal(run.code, 2, `${refusal.label}: ${run.stderr}`);
      assert.equal(run.stdout, '', refusal.label);
      const firstLine = run.stderr.split('\n')[0];
      if (typeof refusal.message === 'string')
        assert.equal(firstLine, `lambda-stream: ${refusal.message}`, refusal.label);
      else assert.match(firstLine, refusal.message, refusal.label);
      assert.match(run.stderr, /\n {2}→ check /, `${refusal.label}: says what to check`);
    });
    assert.equal(server.requests.length, before, 'the CLI sent nothing for any of them');
  });

  it('core and CLI: ClientContext over 3,583 bytes once encoded, or not an object, is refused with its size or type', async () => {
    const before = server.requests.length;
    // `{"p":"…"}` is 8 bytes plus the padding; 2,685 bytes encode to 3,580 base64 characters, 2,688 to 3,584.
    const fits = { p: 'x'.repeat(2677) };
    const over = { p: 'x'.repeat(2680) };
    const large = await collect(invokeStreaming(target('fn'), '{}', { clientContext: over }));
    assert.equal(large.failure?.code, 'ClientContextTooLarge');
    assert.equal(
      large.error?.message,
      'The client context is 3584 bytes once base64-encoded; Lambda accepts at most 3583.',
    );
    for (const [value, kind] of [
      [[1], 'an array'],
      [null, 'null'],
      ['text', 'a string'],
      [7, 'a number'],
    ] as const) {
      const result = await collect(
        invokeStreaming(target('fn'), '{}', { clientContext: value as unknown as Record<string, unknown> }),
      );
      assert.equal(result.failure?.code, 'InvalidClientContext');
      assert.equal(result.error?.message, `The client context must be a JSON object, not ${kind}.`);
    }
    const cli = await limited(4, [
      () => runCli(['invoke', 'fn', '--endpoint', server.url, '--client-context', JSON.stringify(over)]),
      () => runCli(['invoke', 'fn', '--endpoint', server.url, '--client-context', '[1]']),
      () => runCli(['invoke', 'fn', '--endpoint', server.url, '--client-context', '{"a":']),
    ]);
    assert.deepEqual(
      cli.map((run) => run.code),
      [2, 2, 2],
    );
    assert.match(
      cli[0].stderr,
      /^lambda-stream: The client context is 3584 bytes once base64-encoded; Lambda accepts at most 3583\.\n/,
    );
    assert.match(cli[1].stderr, /^lambda-stream invoke: --client-context must be a JSON object, not an array\n/);
    assert.match(cli[2].stderr, /^lambda-stream invoke: --client-context is not valid JSON: /);
    assert.equal(server.requests.length, before, 'nothing was sent');
    const sent = await collect(invokeStreaming(target('fn'), '{}', { clientContext: fits }));
    assert.equal(sent.error, undefined);
    assert.equal(String(server.requests.at(-1)?.headers['x-amz-client-context']).length, 3580);
  });

  it('core and CLI: a 7 MB payload is refused with its size, and the payload file is not changed', async () => {
    const before = server.requests.length;
    const text = JSON.stringify({ data: 'x'.repeat(7 * 1024 * 1024) });
    const bytes = Buffer.byteLength(text);
    const core = await collect(invokeStreaming(target('fn'), text));
    assert.equal(core.failure?.code, 'PayloadTooLarge');
    assert.equal(core.error?.message, `The payload is ${bytes} bytes; Lambda accepts at most 6291456 bytes (6 MB).`);
    assert.deepEqual(core.error?.classification.actions, [{ kind: 'reducePayload', bytes, limit: 6291456 }]);
    await withPayloadFile('big.json', text, async (file) => {
      const run = await runCli(['invoke', 'fn', '--endpoint', server.url, '--payload', `@${file}`]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^lambda-stream: The payload is ${bytes} bytes; Lambda accepts at most 6291456 bytes \\(6 MB\\)\\.\\n`,
        ),
      );
      assert.match(run.stderr, new RegExp(`→ make the payload smaller than 6291456 bytes \\(it is ${bytes}\\)`));
    });
    assert.equal(server.requests.length, before, 'nothing was sent');
  });

  it('CLI: a binary file or invalid JSON as payload is refused, and the file is not changed', async () => {
    const before = server.requests.length;
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await withPayloadFile('image.png', png, async (file) => {
      const run = await runCli(['invoke', 'fn', '--endpoint', server.url, '--payload', `@${file}`]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^lambda-stream: The payload is ${png.length} bytes that are not UTF-8 text \\(a binary file\\?\\); Lambda payloads are JSON\\.\\n`,
        ),
      );
    });
    await withPayloadFile('broken.json', '{\n  "a": 1,\n  "b": \n}\n', async (file) => {
      const run = await runCli(['invoke', 'fn', '--endpoint', server.url, '--payload', `@${file}`]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        /^lambda-stream: The payload is not valid JSON\. Line 4, column 1: a value is expected\.\n/,
      );
      assert.match(run.stderr, /→ fix the payload JSON at line 4, column 1/);
    });
    assert.equal(server.requests.length, before, 'nothing was sent');
  });
});

/** Writes a payload file, runs `use`, and asserts the file's bytes and modification time did not change. */
async function withPayloadFile(
  name: string,
  content: string | Buffer,
  use: (file: string) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-payload-'));
  const file = path.join(dir, name);
  try {
    fs.writeFileSync(file, content);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(file, past, past);
    const before = {
      hash: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
      mtimeMs: fs.statSync(file).mtimeMs,
    };
    await use(file);
    const after = {
      hash: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
      mtimeMs: fs.statSync(file).mtimeMs,
    };
    assert.deepEqual(after, before, `${name} was not changed`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('hardening: the Local endpoint answers bad input as AWS does', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture({
      'fn.mjs':
        'export const handler = awslambda.streamifyResponse(async (event, stream) => { stream.end(JSON.stringify(event)); });',
    });
  });
  after(() => fixture.close());

  it('answers each refused name, qualifier and tenant id with the exception AWS sends', async () => {
    for (const refusal of REFUSALS.filter((item) => item.endpoint)) {
      const input = {
        FunctionName: refusal.functionName ?? 'fn',
        ...(refusal.qualifier === undefined ? {} : { Qualifier: refusal.qualifier }),
        ...(refusal.tenantId === undefined ? {} : { TenantId: refusal.tenantId }),
      };
      await assert.rejects(
        fixture.client.send(new InvokeWithResponseStreamCommand(input)),
        (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(error.name, refusal.endpoint!.name, `${refusal.label}: ${error.message}`);
          if (refusal.endpoint!.message) assert.match(error.message, refusal.endpoint!.message, refusal.label);
          return true;
        },
        refusal.label,
      );
    }
  });

  it('answers an empty name, qualifier or tenant id (which the SDK will not send) with ValidationException', async () => {
    const post = (pathname: string, headers: Record<string, string> = {}) =>
      rawRequest(fixture.endpoint.url, { method: 'POST', path: pathname, headers, body: '{}' });
    const empty = await post('/2021-11-15/functions//response-streaming-invocations');
    const qualifier = await post('/2021-11-15/functions/fn/response-streaming-invocations?Qualifier=');
    const tenant = await post('/2021-11-15/functions/fn/response-streaming-invocations', { 'X-Amz-Tenant-Id': '' });
    for (const [response, field] of [
      [empty, 'functionName'],
      [qualifier, 'qualifier'],
      [tenant, 'tenantId'],
    ] as const) {
      assert.equal(response.status, 400, field);
      assert.equal(response.headers['x-amzn-errortype'], 'ValidationException', field);
      assert.match(
        JSON.parse(response.body).message,
        new RegExp(
          `Value '' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
        ),
        field,
      );
    }
  });

  it('checks ClientContext at the 3,583-byte boundary and refuses one that is not an object', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    const send = (ClientContext: string) =>
      fixture.client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'fn', ClientContext }));
    assert.equal(encode({ p: 'x'.repeat(2677) }).length, 3580);
    assert.equal((await readStream(await send(encode({ p: 'x'.repeat(2677) })))).text, '{}');
    await assert.rejects(send(encode({ p: 'x'.repeat(2680) })), {
      name: 'InvalidRequestContentException',
      message: 'Client context must be at most 3583 bytes of base64-encoded JSON.',
    });
    for (const value of [[1], null, 'text', 7]) {
      await assert.rejects(
        send(encode(value)),
        {
          name: 'InvalidRequestContentException',
          message: 'Client context must be a valid Base64-encoded JSON object.',
        },
        JSON.stringify(value),
      );
    }
  });

  it('passes an empty payload to the handler as {}, from the core and from the CLI', async () => {
    const target: InvokeTarget = {
      connection: { kind: 'endpoint', endpoint: fixture.endpoint.url },
      functionName: 'fn',
    };
    for (const payload of ['', '  \n', new Uint8Array(0)]) {
      const result = await collect(invokeStreaming(target, payload));
      assert.equal(result.error, undefined, result.error?.message);
      assert.equal(joinedText(result.events), '{}');
    }
    await disposeLambdaClients();
    const run = await runCli(['invoke', 'fn', '--endpoint', fixture.endpoint.url], cleanEnv());
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{}');
  });

  it('refuses a 7 MB payload with 413 when a client sends it anyway', async () => {
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(7 * 1024 * 1024) }));
    await assert.rejects(
      fixture.client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'fn', Payload: big })),
      {
        name: 'RequestEntityTooLargeException',
        message: 'Request must be smaller than 6291456 bytes for the InvokeWithResponseStream operation',
      },
    );
  });
});
