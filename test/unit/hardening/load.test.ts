/**
 * Issue 9, Local endpoint load: a handler writing 300 MB (the stream stops at Lambda's 200 MiB with
 * Function.ResponseSizeTooLarge, and neither the endpoint nor the client holds the output: both run in this process,
 * whose live memory is measured after forced collections while the bytes are only counted), and 20 concurrent
 * invocations of one function, all running at the same time, each getting exactly its own output.
 */
import * as assert from 'node:assert/strict';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import type { InvokeTarget } from '../../../src/core/engine/events';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { MAX_STREAMING_RESPONSE_BYTES } from '../../../src/core/rules/names';
import { collect, joinedText } from '../core/support/collect';
import { type Fixture, manifest, startFixture } from '../emulator/support';
import { forceGc, within } from './support';

const MB = 1024 * 1024;
const CONCURRENT = 20;

const FUNCTIONS: Record<string, string> = {
  'firehose.mjs': `
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      const block = Buffer.alloc(1024 * 1024, 97);
      for (let index = 0; index < event.megabytes; index++) {
        if (!stream.write(block)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
    });`,
  // Each run registers itself, waits until all runs of the test are running at once, then streams its own id.
  'together.mjs': `
    import { appendFileSync, readFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const roll = fileURLToPath(new URL('./together.roll', import.meta.url));
    export const handler = awslambda.streamifyResponse(async (event, stream) => {
      appendFileSync(roll, event.id + '\\n');
      stream.write('run ' + event.id + ' started\\n');
      while (readFileSync(roll, 'utf8').split('\\n').filter(Boolean).length < event.expect) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (let line = 0; line < 5; line++) {
        stream.write('run ' + event.id + ' line ' + line + '\\n');
        await new Promise((resolve) => setImmediate(resolve));
      }
      stream.end('run ' + event.id + ' done\\n');
    });`,
  'lambda-stream.json': manifest({ firehose: { timeout: 120 }, together: { timeout: 60 } }),
};

describe('hardening: the Local endpoint under load', function () {
  this.timeout(90_000);
  let fixture: Fixture;
  const target = (functionName: string): InvokeTarget => ({
    connection: { kind: 'endpoint', endpoint: fixture.endpoint.url },
    functionName,
  });

  before(async () => {
    fixture = await startFixture(FUNCTIONS);
  });
  after(async () => {
    await disposeLambdaClients();
    await fixture.close();
  });

  it('a handler writing 300 MB is stopped at 200 MiB with Function.ResponseSizeTooLarge, in bounded memory', async () => {
    forceGc();
    const live = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const baseline = live();
    let peak = 0;
    let bytes = 0;
    let nextSample = 0;
    let complete: { errorCode?: string; errorDetails?: string } | undefined;
    const events = invokeStreaming(target('firehose'), JSON.stringify({ megabytes: 300 }), { decodeText: false });
    await within(
      80_000,
      'the 300 MB invocation',
      (async () => {
        for await (const event of events) {
          if (event.type === 'chunk') {
            bytes += event.bytes.byteLength;
            if (bytes >= nextSample) {
              nextSample += 25 * MB;
              forceGc();
              peak = Math.max(peak, live() - baseline);
            }
          } else if (event.type === 'complete') complete = event;
        }
      })(),
    );
    assert.equal(bytes, MAX_STREAMING_RESPONSE_BYTES, 'exactly 200 MiB arrived');
    assert.equal(complete?.errorCode, 'Function.ResponseSizeTooLarge');
    assert.equal(
      complete?.errorDetails,
      'Response payload size exceeded maximum allowed payload size (209715200 bytes).',
    );
    assert.ok(
      peak < 64 * MB,
      `live memory grew by ${(peak / MB).toFixed(1)} MB while 200 MiB streamed through the endpoint and the client`,
    );
  });

  it(`runs ${CONCURRENT} invocations of one function at the same time, each with exactly its own output`, async () => {
    const ids = Array.from({ length: CONCURRENT }, (_, index) => `r${String(index).padStart(2, '0')}`);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const results = await within(
      80_000,
      `${CONCURRENT} concurrent invocations`,
      Promise.all(
        ids.map((id) => collect(invokeStreaming(target('together'), JSON.stringify({ id, expect: CONCURRENT })))),
      ),
    ).finally(() => process.off('warning', onWarning));
    assert.deepEqual(
      warnings.map((warning) => `${warning.name}: ${warning.message}`),
      [],
      'no process warning (e.g. MaxListenersExceededWarning) in the endpoint',
    );
    const requestIds = new Set<unknown>();
    results.forEach((result, index) => {
      const id = ids[index];
      assert.equal(result.error, undefined, `${id}: ${result.error?.message}`);
      const expected = [
        `run ${id} started\n`,
        ...Array.from({ length: 5 }, (_, line) => `run ${id} line ${line}\n`),
        `run ${id} done\n`,
      ].join('');
      assert.equal(joinedText(result.events), expected, id);
      const complete = result.events.at(-1)!;
      assert.equal(complete.type, 'complete', id);
      assert.equal(complete.errorCode, undefined, id);
      requestIds.add(result.events[0].requestId);
    });
    assert.equal(requestIds.size, CONCURRENT, 'each invocation has its own request id');
  });
});
