import { InvokeCommand, InvokeWithResponseStreamCommand } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeLog, type Fixture, json, manifest, startFixture } from './support';

const FUNCTIONS: Record<string, string> = {
  'hello.mjs': `
    export const handler = async (event, context) => {
      console.log('hello from', context.functionName);
      return { hello: event.name ?? 'world' };
    };`,
  'nothing.cjs': `exports.handler = async () => undefined;`,
  'callback.cjs': `exports.handler = (event, context, callback) => setTimeout(() => callback(null, { via: 'callback' }), 5);`,
  'streamer.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('part one, ');
      await new Promise((resolve) => setTimeout(resolve, 10));
      stream.end('part two');
    });`,
  'fails.mjs': `
    export const handler = async () => { throw new RangeError('out of range'); };`,
  'throwsString.mjs': `export const handler = async () => { throw 'plain string'; };`,
  'slow.mjs': `export const handler = () => new Promise(() => {});`,
  'exits.cjs': `exports.handler = async () => { process.exit(3); };`,
  'huge.mjs': `export const handler = async () => 'x'.repeat(7 * 1024 * 1024);`,
  'event.mjs': `
    import { writeFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    export const handler = async (event) => {
      writeFileSync(fileURLToPath(new URL('./event-ran-' + event.id, import.meta.url)), JSON.stringify(event));
    };`,
  'missingExport.mjs': `export const other = async () => 1;`,
  'syntax.mjs': `export const handler = async () => { return ; ;; }}`,
  'lambda-stream.json': manifest({ slow: { timeout: 1 }, huge: { timeout: 30 } }),
};

describe('emulator: Invoke', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture(FUNCTIONS);
  });
  after(() => fixture.close());

  const invoke = (input: ConstructorParameters<typeof InvokeCommand>[0]) =>
    fixture.client.send(new InvokeCommand(input));
  const payloadOf = (output: { Payload?: Uint8Array }) =>
    Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8');

  it('returns a buffered result with status 200 and the executed version', async () => {
    const output = await invoke({ FunctionName: 'hello', Payload: json({ name: 'Ada' }) });
    assert.equal(output.StatusCode, 200);
    assert.equal(output.ExecutedVersion, '$LATEST');
    assert.equal(output.FunctionError, undefined);
    assert.equal(output.LogResult, undefined);
    assert.deepEqual(JSON.parse(payloadOf(output)), { hello: 'Ada' });
  });

  it('passes {} for an empty payload and returns null for undefined', async () => {
    assert.deepEqual(JSON.parse(payloadOf(await invoke({ FunctionName: 'hello' }))), { hello: 'world' });
    assert.equal(payloadOf(await invoke({ FunctionName: 'nothing' })), 'null');
  });

  it('supports the legacy callback style', async () => {
    assert.deepEqual(JSON.parse(payloadOf(await invoke({ FunctionName: 'callback' }))), { via: 'callback' });
  });

  it("returns a streaming handler's output buffered", async () => {
    assert.equal(payloadOf(await invoke({ FunctionName: 'streamer' })), 'part one, part two');
  });

  it('adds X-Amz-Log-Result with LogType Tail', async () => {
    const output = await invoke({ FunctionName: 'hello', LogType: 'Tail' });
    const log = decodeLog(output.LogResult);
    assert.match(
      log,
      /^START RequestId: (\S+) Version: \$LATEST\n\S+\t\1\tINFO\thello from hello\nEND RequestId: \1\nREPORT RequestId: \1\t/,
    );
    assert.equal(log.split('\t')[1], output.$metadata.requestId);
  });

  it('reports a thrown error as X-Amz-Function-Error: Unhandled with the error object', async () => {
    const output = await invoke({ FunctionName: 'fails' });
    assert.equal(output.StatusCode, 200);
    assert.equal(output.FunctionError, 'Unhandled');
    const body = JSON.parse(payloadOf(output));
    assert.equal(body.errorType, 'RangeError');
    assert.equal(body.errorMessage, 'out of range');
    assert.ok(Array.isArray(body.trace) && body.trace[0] === 'RangeError: out of range');
  });

  it('names a thrown non-Error by its type', async () => {
    assert.deepEqual(JSON.parse(payloadOf(await invoke({ FunctionName: 'throwsString' }))), {
      errorType: 'string',
      errorMessage: 'plain string',
      trace: [],
    });
  });

  it('reports a timeout like Lambda', async () => {
    const output = await invoke({ FunctionName: 'slow' });
    assert.equal(output.FunctionError, 'Unhandled');
    assert.deepEqual(JSON.parse(payloadOf(output)), {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${output.$metadata.requestId} Error: Task timed out after 1.00 seconds`,
    });
  });

  it('reports process.exit as Runtime.ExitError', async () => {
    const output = await invoke({ FunctionName: 'exits' });
    assert.deepEqual(JSON.parse(payloadOf(output)), {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${output.$metadata.requestId} Error: Runtime exited with error: exit status 3`,
    });
  });

  it('reports a result over 6 MB as Function.ResponseSizeTooLarge', async () => {
    const output = await invoke({ FunctionName: 'huge' });
    assert.equal(output.FunctionError, 'Unhandled');
    const body = JSON.parse(payloadOf(output));
    assert.equal(body.errorType, 'Function.ResponseSizeTooLarge');
    assert.match(
      body.errorMessage,
      /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/,
    );
  });

  it("reports a missing export and a syntax error with the runtime's error types", async () => {
    const missing = JSON.parse(payloadOf(await invoke({ FunctionName: 'missingExport' })));
    assert.equal(missing.errorType, 'Runtime.HandlerNotFound');
    assert.equal(missing.errorMessage, 'missingExport.handler is undefined or not exported');
    const syntax = JSON.parse(payloadOf(await invoke({ FunctionName: 'syntax' })));
    assert.equal(syntax.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(syntax.errorMessage, /^SyntaxError: /);
  });

  it('answers Event with 202 and runs the function in the background', async () => {
    const output = await invoke({ FunctionName: 'event', InvocationType: 'Event', Payload: json({ id: 'e1' }) });
    assert.equal(output.StatusCode, 202);
    assert.equal(payloadOf(output), '');
    const marker = path.join(fixture.dir, 'event-ran-e1');
    for (let waited = 0; !existsSync(marker) && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(JSON.parse(readFileSync(marker, 'utf8')), { id: 'e1' });
  });

  it('answers DryRun with 204 without running the function', async () => {
    const output = await invoke({ FunctionName: 'event', InvocationType: 'DryRun', Payload: json({ id: 'dry' }) });
    assert.equal(output.StatusCode, 204);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(existsSync(path.join(fixture.dir, 'event-ran-dry')), false);
  });

  it('rejects a payload that is not JSON with InvalidRequestContentException', async () => {
    await assert.rejects(
      invoke({ FunctionName: 'hello', Payload: Buffer.from('{not json') }),
      (error: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'InvalidRequestContentException');
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.match(error.message, /^Could not parse request body into json: Could not parse payload into json: /);
        return true;
      },
    );
  });

  it('rejects payloads over 6 MB with 413 RequestEntityTooLargeException', async () => {
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(6 * 1024 * 1024) }));
    for (const send of [
      () => invoke({ FunctionName: 'hello', Payload: big }),
      () => fixture.client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'hello', Payload: big })),
    ]) {
      await assert.rejects(send(), (error: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'RequestEntityTooLargeException');
        assert.equal(error.$metadata.httpStatusCode, 413);
        assert.match(error.message, /^Request must be smaller than 6291456 bytes for the \w+ operation$/);
        return true;
      });
    }
  });

  it('rejects Event payloads over 1 MB with 413', async () => {
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(1024 * 1024) }));
    await assert.rejects(invoke({ FunctionName: 'event', InvocationType: 'Event', Payload: big }), (error: Error) => {
      assert.equal(error.name, 'RequestEntityTooLargeException');
      assert.match(
        error.message,
        /^\d+ byte payload is too large for the Event invocation type \(limit 1048576 bytes\)$/,
      );
      return true;
    });
  });

  it('checks ClientContext: base64 JSON of at most 3,583 bytes', async () => {
    const tooLong = Buffer.from(JSON.stringify({ custom: { pad: 'x'.repeat(2700) } })).toString('base64');
    assert.ok(tooLong.length > 3583);
    await assert.rejects(invoke({ FunctionName: 'hello', ClientContext: tooLong }), {
      name: 'InvalidRequestContentException',
    });
    await assert.rejects(invoke({ FunctionName: 'hello', ClientContext: 'not base64 json!' }), {
      name: 'InvalidRequestContentException',
      message: 'Client context must be a valid Base64-encoded JSON object.',
    });
    const fits = Buffer.from(JSON.stringify({ custom: { pad: 'x'.repeat(2600) } })).toString('base64');
    assert.ok(fits.length <= 3583);
    assert.equal((await invoke({ FunctionName: 'hello', ClientContext: fits })).StatusCode, 200);
  });
});
