/**
 * One table of crafted responses, run against both decoding paths (`direct` frames from the raw body, and the SDK's
 * own EventStream): each case asserts the exact events (bytes, text, order) and the error classification, so the
 * two paths are proven to behave identically.
 */
import * as assert from 'node:assert/strict';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import type { InvokeOptions } from '../../../src/core/engine/events';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { collect, type PlainEvent } from './support/collect';
import {
  frames,
  type Handler,
  startStreamServer,
  streamHeaders,
  type StreamServer,
  writeBytewise,
} from './support/streamServer';

const hex = (value: string | Uint8Array) => Buffer.from(value as string).toString('hex');
const started = (extra: PlainEvent = {}): PlainEvent => ({
  type: 'started',
  statusCode: 200,
  requestId: 'req-1',
  executedVersion: '$LATEST',
  contentType: 'application/vnd.amazon.eventstream',
  ...extra,
});
const chunk = (
  index: number,
  offset: number,
  bytes: string | Uint8Array,
  text: string | undefined = typeof bytes === 'string' ? bytes : undefined,
): PlainEvent => ({ type: 'chunk', index, offset, hex: hex(bytes), text });
const complete = (bytes: number, chunks: number, extra: PlainEvent = {}): PlainEvent => ({
  type: 'complete',
  binary: false,
  bytes,
  chunks,
  ...extra,
});

/** Writes a 200 event stream made of these frames, whole or byte by byte, optionally ending abruptly. */
function stream(
  parts: Uint8Array[],
  how: { bytewise?: boolean; headers?: Record<string, string>; reset?: boolean } = {},
): Handler {
  return async (_request, response, socket) => {
    response.writeHead(200, streamHeaders(how.headers));
    const body = Buffer.concat(parts);
    if (how.bytewise) await writeBytewise(response, body);
    else response.write(body);
    if (how.reset) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.resetAndDestroy();
      return;
    }
    response.end();
  };
}

const utf8 = Buffer.from('naïve café — ✓ 𝄞', 'utf8');
const cut = utf8.indexOf(Buffer.from('𝄞')) + 2; // inside the 4-byte G clef
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const prelude = '{"statusCode":201,"headers":{"Content-Type":"text/html","x-a":"1"},"cookies":["a=b"]}';
const nul8 = Buffer.alloc(8);
const b64 = (value: string) => Buffer.from(value).toString('base64');

interface Case {
  readonly name: string;
  readonly handler: Handler;
  readonly events: PlainEvent[];
  readonly failure?: { code: string; category: string; retryAfterSeconds?: number };
  readonly options?: InvokeOptions;
}

const cases: Case[] = [
  {
    name: 'two chunks and a successful InvokeComplete',
    handler: stream([frames.chunk('Hello, '), frames.chunk('world'), frames.complete()]),
    events: [started(), chunk(0, 0, 'Hello, '), chunk(1, 7, 'world'), complete(12, 2)],
  },
  {
    name: 'frames split into 1-byte writes, a 4-byte character split across chunks',
    handler: stream([frames.chunk(utf8.subarray(0, cut)), frames.chunk(utf8.subarray(cut)), frames.complete()], {
      bytewise: true,
    }),
    events: [
      started(),
      chunk(0, 0, utf8.subarray(0, cut), 'naïve café — ✓ '),
      chunk(1, cut, utf8.subarray(cut), '𝄞'),
      complete(utf8.length, 2),
    ],
  },
  {
    name: 'function error in InvokeComplete with a text log tail',
    handler: stream([
      frames.chunk('row 1\n'),
      frames.complete({ ErrorCode: 'Error', ErrorDetails: 'boom at row 2', LogResult: b64('START\nboom\nEND\n') }),
    ]),
    events: [
      started(),
      chunk(0, 0, 'row 1\n'),
      complete(6, 1, {
        errorCode: 'Error',
        errorDetails: 'boom at row 2',
        log: { kind: 'text', text: 'START\nboom\nEND\n' },
      }),
    ],
  },
  {
    name: 'log tail in the Lambda Managed Instances JSON form',
    handler: stream([
      frames.chunk('ok'),
      frames.complete({ LogResult: b64('{"logGroup":"/aws/lambda/f","logStreamName":"s-1"}') }),
    ]),
    events: [
      started(),
      chunk(0, 0, 'ok'),
      complete(2, 1, {
        log: {
          kind: 'cloudWatch',
          logGroup: '/aws/lambda/f',
          logStreamName: 's-1',
          raw: '{"logGroup":"/aws/lambda/f","logStreamName":"s-1"}',
        },
      }),
    ],
  },
  {
    name: 'HTTP prelude split across chunks is reported and stripped',
    handler: stream(
      [
        frames.chunk(prelude.slice(0, 30)),
        frames.chunk(Buffer.concat([Buffer.from(prelude.slice(30)), nul8.subarray(0, 3)])),
        frames.chunk(Buffer.concat([nul8.subarray(3), Buffer.from('<p>hi')])),
        frames.chunk('</p>'),
        frames.complete(),
      ],
      { headers: { 'content-type': 'application/vnd.awslambda.http-integration-response' } },
    ),
    events: [
      started({ contentType: 'application/vnd.awslambda.http-integration-response' }),
      {
        type: 'httpPrelude',
        statusCode: 201,
        headers: { 'Content-Type': 'text/html', 'x-a': '1' },
        cookies: ['a=b'],
        raw: prelude,
      },
      chunk(0, 0, '<p>hi'),
      chunk(1, 5, '</p>'),
      complete(9, 2),
    ],
  },
  {
    name: 'prelude detected without the integration content type',
    handler: stream([
      frames.chunk(Buffer.concat([Buffer.from('{"statusCode":200}'), nul8, Buffer.from('body')])),
      frames.complete(),
    ]),
    events: [
      started(),
      { type: 'httpPrelude', statusCode: 200, headers: {}, cookies: [], raw: '{"statusCode":200}' },
      chunk(0, 0, 'body'),
      complete(4, 1),
    ],
  },
  {
    name: 'HttpResponseStream.from(stream, {}): an empty prelude, its NUL bytes in the next chunk',
    handler: stream([frames.chunk('{}'), frames.chunk(nul8), frames.chunk('body'), frames.complete()]),
    events: [
      started(),
      { type: 'httpPrelude', statusCode: undefined, headers: {}, cookies: [], raw: '{}' },
      chunk(0, 0, 'body'),
      complete(4, 1),
    ],
  },
  {
    name: 'a prelude whose first key is not statusCode, headers or cookies',
    handler: stream([
      frames.chunk(Buffer.concat([Buffer.from('{"isBase64Encoded":false,"statusCode":202}'), nul8, Buffer.from('ok')])),
      frames.complete(),
    ]),
    events: [
      started(),
      {
        type: 'httpPrelude',
        statusCode: 202,
        headers: {},
        cookies: [],
        raw: '{"isBase64Encoded":false,"statusCode":202}',
      },
      chunk(0, 0, 'ok'),
      complete(2, 1),
    ],
  },
  {
    name: 'a first chunk that is one JSON object waits for the next bytes, then goes out with them',
    handler: stream([
      frames.chunk('{"token":"a"}'),
      frames.chunk('{"token":"b"}'),
      frames.chunk('\n'),
      frames.complete(),
    ]),
    events: [started(), chunk(0, 0, '{"token":"a"}{"token":"b"}'), chunk(1, 26, '\n'), complete(27, 2)],
  },
  {
    name: 'output ending inside a character: U+FFFD in a last chunk without bytes, still text',
    handler: stream([frames.chunk('h'), frames.chunk(Buffer.from([0xe2, 0x82])), frames.complete()]),
    events: [
      started(),
      chunk(0, 0, 'h'),
      chunk(1, 1, Buffer.from([0xe2, 0x82]), ''),
      { type: 'chunk', index: 2, offset: 3, hex: '', text: '\uFFFD' },
      complete(3, 3),
    ],
  },
  {
    name: 'output ending in bytes that cannot start a character turns binary at the end',
    handler: stream([frames.chunk('h'), frames.chunk(Buffer.from([0xe0, 0x80])), frames.complete()]),
    events: [started(), chunk(0, 0, 'h'), chunk(1, 1, Buffer.from([0xe0, 0x80]), ''), complete(3, 2, { binary: true })],
  },
  {
    name: 'JSON output that is not a prelude is delivered unchanged',
    handler: stream([frames.chunk('{"items":[1,'), frames.chunk('2]}'), frames.complete()]),
    events: [started(), chunk(0, 0, '{"items":[1,'), chunk(1, 12, '2]}'), complete(15, 2)],
  },
  {
    name: 'binary output: text until the first NUL, none after',
    handler: stream([frames.chunk('header:'), frames.chunk(png), frames.chunk('tail'), frames.complete()]),
    events: [
      started(),
      chunk(0, 0, 'header:'),
      chunk(1, 7, png),
      chunk(2, 7 + png.length, Buffer.from('tail'), undefined),
      complete(11 + png.length, 3, { binary: true }),
    ],
  },
  {
    name: 'unknown event types and empty chunks are skipped',
    handler: stream([frames.unknownEvent(), frames.chunk(''), frames.chunk('x'), frames.complete()]),
    events: [started(), chunk(0, 0, 'x'), complete(1, 1)],
  },
  {
    name: 'dry run: 204 with an empty body',
    handler: (_request, response) => {
      response.writeHead(204, { 'x-amzn-requestid': 'req-1' });
      response.end();
    },
    options: { dryRun: true },
    events: [started({ statusCode: 204, executedVersion: undefined, contentType: undefined }), complete(0, 0)],
  },
  {
    name: 'message CRC mismatch after a good chunk',
    handler: stream([frames.chunk('good'), frames.corrupt(frames.chunk('bad!')), frames.complete()]),
    events: [started(), chunk(0, 0, 'good')],
    failure: { code: 'StreamChecksumMismatch', category: 'stream' },
  },
  {
    name: 'message CRC mismatch in the first frame',
    handler: stream([frames.corrupt(frames.chunk('bad!')), frames.complete()]),
    events: [started()],
    failure: { code: 'StreamChecksumMismatch', category: 'stream' },
  },
  {
    name: 'exception frame mid-stream',
    handler: stream([
      frames.chunk('part'),
      frames.exception('ServiceException', '{"Type":"Service","Message":"mid-stream failure"}'),
    ]),
    events: [started(), chunk(0, 0, 'part')],
    failure: { code: 'ServiceException', category: 'stream' },
  },
  {
    name: 'unknown exception frame',
    handler: stream([frames.chunk('part'), frames.exception('WeirdException', 'odd')]),
    events: [started(), chunk(0, 0, 'part')],
    failure: { code: 'StreamException', category: 'stream' },
  },
  {
    name: 'error frame',
    handler: stream([frames.chunk('part'), frames.error('InternalFailure', 'boom')]),
    events: [started(), chunk(0, 0, 'part')],
    failure: { code: 'StreamException', category: 'stream' },
  },
  {
    name: 'body ends without InvokeComplete',
    handler: stream([frames.chunk('a'), frames.chunk('b')]),
    events: [started(), chunk(0, 0, 'a'), chunk(1, 1, 'b')],
    failure: { code: 'IncompleteStream', category: 'stream' },
  },
  {
    name: 'frame cut off at the end of the body',
    handler: stream([frames.chunk('a'), frames.chunk('truncated').subarray(0, 40)]),
    events: [started(), chunk(0, 0, 'a')],
    failure: { code: 'TruncatedStream', category: 'stream' },
  },
  {
    name: 'socket reset mid-stream',
    handler: stream([frames.chunk('before reset')], { reset: true }),
    events: [started(), chunk(0, 0, 'before reset')],
    failure: { code: 'ConnectionReset', category: 'network' },
  },
];

for (const decoder of ['direct', 'sdk'] as const) {
  describe(`core/invoke: crafted event streams (${decoder} path)`, () => {
    let server: StreamServer;
    before(async () => (server = await startStreamServer()));
    after(async () => {
      await server.close();
      await disposeLambdaClients();
    });

    for (const testCase of cases) {
      it(testCase.name, async () => {
        server.handle(testCase.handler);
        const before = server.requests.length;
        const target = { connection: { kind: 'endpoint' as const, endpoint: server.url }, functionName: 'fn' };
        const result = await collect(invokeStreaming(target, '{}', { ...testCase.options, decoder }));
        assert.deepEqual(result.events, testCase.events);
        assert.deepEqual(result.failure, testCase.failure, result.error?.stack);
        assert.equal(server.requests.length - before, 1, 'exactly one request');
      });
    }
  });
}
