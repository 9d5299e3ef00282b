import { InvokeWithResponseStreamCommand } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeLog, type Fixture, json, manifest, readStream, startFixture, within } from './support';

const FIFTY_MB = 50 * 1024 * 1024;

/** Handler sources, one function per file. */
const FUNCTIONS: Record<string, string> = {
  'gated.mjs': `
    import { existsSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const gate = fileURLToPath(new URL('./gate-open', import.meta.url));
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('chunk 1');
      while (!existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 10));
      stream.write('chunk 2');
      stream.end();
    });`,
  'utf8.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      const bytes = Buffer.from(event.text);
      for (const [start, end] of event.cuts) stream.write(bytes.subarray(start, end));
      stream.end();
    });`,
  'binary.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      const all = new Uint8Array(256).map((_, index) => index);
      stream.write(all);
      stream.write(Buffer.from([0, 0, 255, 254]));
      stream.end();
    });`,
  'large.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      const block = Buffer.alloc(1024 * 1024);
      for (let index = 0; index < event.megabytes; index++) {
        block.fill(index % 251);
        if (!stream.write(Buffer.from(block))) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
    });`,
  'firehose.mjs': `
    import { writeFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const progress = fileURLToPath(new URL('./firehose.progress', import.meta.url));
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      const block = Buffer.alloc(64 * 1024, 97);
      for (let index = 0; index < event.blocks; index++) {
        if (!stream.write(block)) await new Promise((resolve) => stream.once('drain', resolve));
        writeFileSync(progress, String(index + 1));
      }
      stream.end();
    });`,
  'endless.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      const block = Buffer.alloc(1024 * 1024, 98);
      for (;;) {
        if (!stream.write(block)) await new Promise((resolve) => stream.once('drain', resolve));
      }
    });`,
  'throws.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('one ');
      stream.write('two ');
      console.log('about to fail');
      throw new TypeError('boom after two writes');
    });`,
  'slow.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('started');
      await new Promise(() => {});
    });`,
  'spin.cjs': `
    exports.handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('spinning');
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (;;) {}
    });`,
  'exits.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('before exit');
      await new Promise((resolve) => setTimeout(resolve, 50));
      process.exit(1);
    });`,
  'leaky.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      setInterval(() => {}, 1000);
      stream.end('done');
    });`,
  'echo.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream, context) => {
      for (const word of String(event.words ?? '').split(' ')) {
        stream.write(word + ' ');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      console.log('echoed', event.words);
      stream.end(JSON.stringify({
        requestId: context.awsRequestId,
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        invokedFunctionArn: context.invokedFunctionArn,
        remaining: context.getRemainingTimeInMillis(),
        clientContext: context.clientContext,
        tenantId: context.tenantId,
        envName: process.env.AWS_LAMBDA_FUNCTION_NAME,
        custom: process.env.CUSTOM_SETTING,
      }));
    });`,
  'tenant.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream, context) => stream.end(String(context.tenantId)));`,
  'noisy.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      for (let index = 0; index < 500; index++) console.log('line ' + index + ' ' + 'x'.repeat(40));
      stream.end('ok');
    });`,
  'web.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream = awslambda.HttpResponseStream.from(stream, { statusCode: 201, headers: { 'X-Test': 'yes' } });
      stream.write('body');
      stream.end();
    });`,
  'abandons.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('partial');
    });`,
  'pipes.mjs': `
    import { Readable } from 'node:stream';
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      const blocks = function* () {
        for (let index = 0; index < event.blocks; index++) yield Buffer.alloc(64 * 1024, 97 + (index % 26));
      };
      Readable.from(blocks()).pipe(stream);
    });`,
  'endsLater.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      stream.write('now ');
      setTimeout(() => stream.end('later'), 20);
    });`,
  'sync.cjs': `
    exports.handler = awslambda.streamifyResponse((event, stream) => { stream.end('x'); });`,
  'buffered.mjs': `export const handler = async (event) => ({ got: event });`,
  'lambda-stream.json': manifest({
    echo: { versions: ['1', '2'], aliases: { live: '2' }, environment: { CUSTOM_SETTING: 'from-manifest' } },
    large: { timeout: 60 },
    firehose: { timeout: 60 },
    endless: { timeout: 120 },
    slow: { timeout: 1 },
    spin: { timeout: 1 },
    tenant: { tenantIsolation: true },
    abandons: { timeout: 30 },
  }),
};

describe('emulator: InvokeWithResponseStream', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture(FUNCTIONS);
  });
  after(() => fixture.close());

  const stream = (
    input: Omit<ConstructorParameters<typeof InvokeWithResponseStreamCommand>[0], 'FunctionName'> & {
      FunctionName: string;
    },
  ) => fixture.client.send(new InvokeWithResponseStreamCommand(input));

  it('delivers each chunk while the handler is still running', async () => {
    const gate = path.join(fixture.dir, 'gate-open');
    const order: string[] = [];
    const output = await within(10_000, 'the first chunk', stream({ FunctionName: 'gated' }));
    const result = await within(
      10_000,
      'the whole stream',
      readStream(output, (chunk) => {
        order.push(`received ${chunk.toString()}`);
        if (!existsSync(gate)) {
          order.push('gate opened');
          writeFileSync(gate, '');
        }
      }),
    );
    assert.deepEqual(order, ['received chunk 1', 'gate opened', 'received chunk 2']);
    assert.deepEqual(result.events, ['PayloadChunk', 'PayloadChunk', 'InvokeComplete']);
    assert.deepEqual(result.complete, {});
    assert.equal(output.StatusCode, 200);
    assert.equal(output.ExecutedVersion, '$LATEST');
    assert.equal(output.ResponseStreamContentType, 'application/vnd.amazon.eventstream');
  });

  it('keeps UTF-8 text intact when writes split characters, one PayloadChunk per write', async () => {
    const text = 'héllo wörld 🚀 ✓ done';
    const cuts = [
      [0, 2],
      [2, 13],
      [13, 15],
      [15, Buffer.byteLength(text)],
    ];
    const result = await readStream(await stream({ FunctionName: 'utf8', Payload: json({ text, cuts }) }));
    assert.equal(result.text, text);
    assert.deepEqual(
      result.chunks.map((chunk) => chunk.length),
      cuts.map(([start, end]) => end - start),
    );
  });

  it('passes binary output through byte for byte', async () => {
    const result = await readStream(await stream({ FunctionName: 'binary' }));
    const expected = Buffer.concat([
      Buffer.from(new Uint8Array(256).map((_, index) => index)),
      Buffer.from([0, 0, 255, 254]),
    ]);
    assert.ok(Buffer.concat(result.chunks).equals(expected));
  });

  it('streams 50 MB', async () => {
    const result = await readStream(await stream({ FunctionName: 'large', Payload: json({ megabytes: 50 }) }));
    const received = Buffer.concat(result.chunks);
    assert.equal(received.length, FIFTY_MB);
    const expected = createHash('sha256');
    for (let index = 0; index < 50; index++) expected.update(Buffer.alloc(1024 * 1024, index % 251));
    assert.equal(createHash('sha256').update(received).digest('hex'), expected.digest('hex'));
    assert.deepEqual(result.complete, {});
  });

  it('holds the handler back while the client reads slowly', async () => {
    const blocks = 1600; // 100 MB: more than loopback socket buffers can hold (Linux autotunes receive buffers up to 32 MB)
    const progressFile = path.join(fixture.dir, 'firehose.progress');
    let progressWhilePaused = -1;
    const result = await readStream(await stream({ FunctionName: 'firehose', Payload: json({ blocks }) }), async () => {
      if (progressWhilePaused >= 0) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
      progressWhilePaused = Number(readFileSync(progressFile, 'utf8'));
    });
    assert.ok(
      progressWhilePaused < blocks,
      `the handler wrote only ${progressWhilePaused} of ${blocks} blocks while the client was paused`,
    );
    assert.equal(Buffer.concat(result.chunks).length, blocks * 64 * 1024);
  });

  it('ends a stream past 200 MB with Function.ResponseSizeTooLarge', async () => {
    let received = 0;
    let complete: { ErrorCode?: string; ErrorDetails?: string } | undefined;
    for await (const event of (await stream({ FunctionName: 'endless' })).EventStream ?? []) {
      received += event.PayloadChunk?.Payload?.length ?? 0;
      complete = event.InvokeComplete ?? complete;
    }
    assert.equal(received, 200 * 1024 * 1024);
    assert.equal(complete?.ErrorCode, 'Function.ResponseSizeTooLarge');
    assert.match(complete?.ErrorDetails ?? '', /exceeded maximum allowed payload size \(209715200 bytes\)/);
  });

  it('keeps the chunks written before a throw and reports the error in InvokeComplete', async () => {
    const result = await readStream(await stream({ FunctionName: 'throws', LogType: 'Tail' }));
    assert.equal(result.text, 'one two ');
    assert.equal(result.events.at(-1), 'InvokeComplete');
    assert.equal(result.complete?.ErrorCode, 'TypeError');
    assert.equal(result.complete?.ErrorDetails, 'boom after two writes');
    const log = decodeLog(result.complete?.LogResult);
    assert.match(log, /INFO\tabout to fail/);
    assert.match(log, /ERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"boom after two writes"/);
  });

  it('stops a handler at its timeout with Sandbox.Timedout', async () => {
    const result = await readStream(await stream({ FunctionName: 'slow', LogType: 'Tail' }));
    assert.equal(result.text, 'started');
    assert.equal(result.complete?.ErrorCode, 'Sandbox.Timedout');
    assert.match(result.complete?.ErrorDetails ?? '', /Task timed out after 1\.00 seconds/);
    assert.match(
      decodeLog(result.complete?.LogResult),
      /Task timed out after 1\.00 seconds\nEND RequestId: .*\nREPORT RequestId: .*Status: timeout/,
    );
  });

  it('stops an infinite loop at the timeout and keeps serving', async () => {
    const result = await readStream(await stream({ FunctionName: 'spin' }));
    assert.equal(result.text, 'spinning');
    assert.equal(result.complete?.ErrorCode, 'Sandbox.Timedout');
    const next = await readStream(await stream({ FunctionName: 'buffered', Payload: json({ after: 'spin' }) }));
    assert.equal(next.text, '{"got":{"after":"spin"}}');
  });

  it('reports process.exit(1) as Runtime.ExitError after the chunks already sent', async () => {
    const result = await readStream(await stream({ FunctionName: 'exits' }));
    assert.equal(result.text, 'before exit');
    assert.equal(result.complete?.ErrorCode, 'Runtime.ExitError');
    assert.match(result.complete?.ErrorDetails ?? '', /Runtime exited with error: exit status 1/);
  });

  it('does not wait for timers a handler leaves behind', async () => {
    const started = Date.now();
    const result = await readStream(await stream({ FunctionName: 'leaky' }));
    assert.equal(result.text, 'done');
    assert.deepEqual(result.complete, {});
    assert.ok(Date.now() - started < 2_500, 'the invocation ended with the stream, not at the 3 s timeout');
  });

  it('runs concurrent invocations of one function independently', async () => {
    const words = Array.from({ length: 8 }, (_, index) => `run${index} a b c`);
    const results = await Promise.all(
      words.map(async (text) => readStream(await stream({ FunctionName: 'echo', Payload: json({ words: text }) }))),
    );
    results.forEach((result, index) => assert.ok(result.text.startsWith(`${words[index]} {`), result.text));
  });

  it('gives the handler a Lambda context, environment and the ClientContext', async () => {
    const clientContext = { custom: { tab: 'a' }, env: { locale: 'en' } };
    const output = await stream({
      FunctionName: 'echo',
      Qualifier: 'live',
      ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
      Payload: json({ words: 'hi' }),
    });
    const result = await readStream(output);
    const seen = JSON.parse(result.text.slice(result.text.indexOf('{')));
    assert.equal(output.ExecutedVersion, '2');
    assert.equal(seen.requestId, output.$metadata.requestId);
    assert.equal(seen.functionName, 'echo');
    assert.equal(seen.functionVersion, '2');
    assert.equal(seen.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:echo:live');
    assert.ok(seen.remaining > 0 && seen.remaining <= 3000);
    assert.deepEqual(seen.clientContext, clientContext);
    assert.equal(seen.envName, 'echo');
    assert.equal(seen.custom, 'from-manifest');
  });

  it('hands TenantId to a tenant-isolated function and requires it there', async () => {
    const result = await readStream(await stream({ FunctionName: 'tenant', TenantId: 'customer-42@eu' }));
    assert.equal(result.text, 'customer-42@eu');
    await assert.rejects(stream({ FunctionName: 'tenant' }), { name: 'InvalidParameterValueException' });
    await assert.rejects(stream({ FunctionName: 'tenant', TenantId: 'bad#tenant' }), (error: Error) => {
      assert.equal(error.name, 'ValidationException');
      assert.match(
        error.message,
        /^1 validation error detected: Value 'bad#tenant' at 'tenantId' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
      return true;
    });
  });

  it('returns the last 4 KB of the log only with LogType Tail', async () => {
    const tail = await readStream(await stream({ FunctionName: 'noisy', LogType: 'Tail' }));
    const log = Buffer.from(tail.complete?.LogResult ?? '', 'base64');
    assert.equal(log.length, 4096);
    assert.match(
      log.toString(),
      /line 499 x+\nEND RequestId: [0-9a-f-]+\nREPORT RequestId: [0-9a-f-]+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB/,
    );
    const none = await readStream(await stream({ FunctionName: 'noisy' }));
    assert.deepEqual(none.complete, {});
  });

  it('starts the log with START and the version', async () => {
    const result = await readStream(
      await stream({ FunctionName: 'echo', Qualifier: '1', LogType: 'Tail', Payload: json({ words: 'x' }) }),
    );
    assert.match(decodeLog(result.complete?.LogResult), /^START RequestId: [0-9a-f-]+ Version: 1\n.*INFO\techoed x\n/);
  });

  it('answers DryRun with 204 and no events', async () => {
    const output = await stream({ FunctionName: 'echo', InvocationType: 'DryRun' });
    assert.equal(output.StatusCode, 204);
    assert.deepEqual((await readStream(output)).events, []);
  });

  it('passes the HttpResponseStream prelude and its 8 NUL bytes through unchanged', async () => {
    const result = await readStream(await stream({ FunctionName: 'web' }));
    const all = Buffer.concat(result.chunks);
    const prelude = JSON.stringify({ statusCode: 201, headers: { 'X-Test': 'yes' } });
    assert.equal(all.subarray(0, prelude.length).toString(), prelude);
    assert.ok(all.subarray(prelude.length, prelude.length + 8).equals(Buffer.alloc(8)));
    assert.equal(all.subarray(prelude.length + 8).toString(), 'body');
  });

  it("streams a buffered handler's result", async () => {
    const result = await readStream(await stream({ FunctionName: 'buffered', Payload: json({ a: 1 }) }));
    assert.equal(result.text, '{"got":{"a":1}}');
    assert.deepEqual(result.complete, {});
  });

  it('fails at once a handler that returns without ending its stream, keeping what it wrote', async () => {
    const result = await readStream(await stream({ FunctionName: 'abandons', LogType: 'Tail' }));
    assert.equal(result.text, 'partial');
    assert.equal(result.complete?.ErrorCode, 'Error');
    assert.equal(result.complete?.ErrorDetails, 'Response stream is not finished.');
    assert.doesNotMatch(decodeLog(result.complete?.LogResult), /Task timed out/);
  });

  it('lets work the handler left running end the stream after it returned', async () => {
    // 3 MiB: more than the host may send before the endpoint acknowledges, so the pipe waits on the endpoint too.
    const piped = await readStream(await stream({ FunctionName: 'pipes', Payload: json({ blocks: 48 }) }));
    assert.equal(Buffer.concat(piped.chunks).length, 48 * 64 * 1024);
    assert.equal(piped.text.slice(-1), String.fromCharCode(97 + (47 % 26)));
    assert.deepEqual(piped.complete, {});
    const later = await readStream(await stream({ FunctionName: 'endsLater' }));
    assert.equal(later.text, 'now later');
    assert.deepEqual(later.complete, {});
  });

  it('fails a streaming handler that is not async, like the runtime', async () => {
    const result = await readStream(await stream({ FunctionName: 'sync' }));
    assert.equal(result.complete?.ErrorCode, 'Error');
    assert.equal(result.complete?.ErrorDetails, 'Streaming does not support non-async handlers.');
  });
});
