/**
 * Invoking function URLs from the core: a payload read as a request (shape or POST body), the response streamed as
 * events while it is written (SSE too), AWS_IAM signed with the connection's credentials (the Local endpoint's
 * session keys) and checked against the SDK's own signer, and error statuses as one sentence with the fixing action.
 */
import * as assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import { signedHeaders } from '../../../src/core/aws/sigv4';
import type { ChunkEvent, CompleteEvent, InvokeEvent } from '../../../src/core/engine/events';
import {
  invokeFunctionUrlTarget,
  resolveFunctionUrl,
  urlRequestFromText,
} from '../../../src/core/engine/functionUrlCall';
import { invokeFunctionUrl } from '../../../src/core/engine/invokeUrl';
import { classifyFunctionFailure, LambdaStreamError } from '../../../src/core/errors/classify';
import { urlRequestFromPayload } from '../../../src/core/rules/urlRequest';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { startFixture } from '../emulator/support';

async function collect(events: AsyncIterable<InvokeEvent>): Promise<InvokeEvent[]> {
  const all: InvokeEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
const chunksOf = (events: InvokeEvent[]) => events.filter((event): event is ChunkEvent => event.type === 'chunk');
const completeOf = (events: InvokeEvent[]) => events.at(-1) as CompleteEvent;

describe('core: a payload as a function-URL request', () => {
  const read = (text: string) => urlRequestFromText(text);

  it('sends an empty payload as GET, plain JSON as a POST body, a request shape as its parts', () => {
    assert.deepEqual(read(''), { method: 'GET', path: '', headers: {}, shaped: false });
    const plain = read('{"prompt": "hi"}');
    assert.equal(plain.method, 'POST');
    assert.equal(plain.headers['content-type'], 'application/json');
    assert.equal(Buffer.from(plain.body!).toString(), '{"prompt": "hi"}', 'the bytes exactly as written');
    const shaped = read(
      JSON.stringify({
        method: 'put',
        path: '/items/7',
        query: { full: '1', tag: ['a', 'b'] },
        headers: { Accept: 'text/event-stream' },
        body: { n: 1 },
      }),
    );
    assert.deepEqual(
      { ...shaped, body: Buffer.from(shaped.body!).toString() },
      {
        method: 'PUT',
        path: '/items/7?full=1&tag=a&tag=b',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
        body: '{"n":1}',
        shaped: true,
      },
    );
    const text = read('{"path": "/x", "body": "raw text", "headers": {"content-type": "text/plain"}}');
    assert.equal(text.method, 'POST');
    assert.equal(Buffer.from(text.body!).toString(), 'raw text');
    const binary = read('{"method": "POST", "body": "AAEC", "isBase64Encoded": true}');
    assert.deepEqual([...binary.body!], [0, 1, 2]);
  });

  it('treats an object with other keys, or without method and path, as a plain body', () => {
    assert.equal(read('{"body": "x", "headers": {}}').shaped, false, 'no method or path');
    assert.equal(read('{"method": "GET", "user": "x"}').shaped, false, 'a key that is not part of a request');
    assert.equal(read('[1, 2]').method, 'POST');
  });

  it('names what is wrong in a request shape, and invalid JSON by its place', () => {
    const problem = (value: unknown) => {
      const result = urlRequestFromPayload(value, new Uint8Array(0), false);
      return result.ok ? undefined : result.problem;
    };
    assert.match(problem({ method: 'GE T' })!, /"method" must be an HTTP method/);
    assert.match(problem({ path: 'items' })!, /"path" must be a string starting with "\/"/);
    assert.match(problem({ path: '/', headers: { 'bad name': 'x' } })!, /"bad name" is not a valid header name/);
    assert.match(problem({ path: '/', headers: { a: 'x\r\ny: z' } })!, /must be a string on one line/);
    assert.match(problem({ path: '/', headers: { 'Content-Length': '3' } })!, /set from the request itself/);
    assert.match(problem({ path: '/', query: { a: 1 } })!, /"query" must be a string/);
    assert.match(problem({ path: '/', body: '%%%', isBase64Encoded: true })!, /not base64/);
    assert.throws(
      () => read('{"path": "/", }'),
      (error: unknown) =>
        error instanceof LambdaStreamError &&
        error.classification.category === 'validation' &&
        /Line 1, column 15/.test(error.message),
    );
  });
});

/** The SDK signer's hash interface over Node's crypto (an HMAC when given a secret). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

describe('core: signing a function-URL request', () => {
  it('signs exactly as the AWS SDK signer does (POST with a body, a query and a session token)', async () => {
    const credentials = {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      sessionToken: 'token-example',
    };
    const now = new Date('2026-12-03T10:11:12Z');
    const host = 'abcdefghij.lambda-url.eu-west-1.on.aws';
    const body = '{"prompt":"hi"}';
    const ours = signedHeaders(
      { method: 'POST', host, path: '/chat?b=2&a=1', headers: { 'content-type': 'application/json' }, body },
      credentials,
      { region: 'eu-west-1', service: 'lambda' },
      now,
    );
    const signer = new SignatureV4({ credentials, region: 'eu-west-1', service: 'lambda', sha256: NodeSha256 });
    const reference = await signer.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: host,
        path: '/chat',
        query: { b: '2', a: '1' },
        headers: {
          host,
          'content-type': 'application/json',
          'x-amz-content-sha256': ours['x-amz-content-sha256'],
        },
        body,
      },
      { signingDate: now },
    );
    assert.equal(ours.authorization, reference.headers.authorization);
    assert.equal(ours['x-amz-security-token'], 'token-example');
  });
});

describe('core: invoking function URLs on the Local endpoint', function () {
  this.timeout(60_000);
  let endpoint: LocalEndpoint;
  const connection = () => ({ kind: 'endpoint' as const, endpoint: endpoint.url });
  before(async () => {
    endpoint = await startLocalEndpoint({ onProblem: () => undefined, publishKeys: true });
  });
  after(async () => {
    await disposeLambdaClients();
    await endpoint.close();
  });

  it('streams server-sent events as they are written, signed with the session keys for AuthType AWS_IAM', async () => {
    const resolved = await resolveFunctionUrl({ connection: connection(), functionName: 'sse-events' });
    assert.equal(resolved.authType, 'AWS_IAM');
    assert.equal(resolved.invokeMode, 'RESPONSE_STREAM');
    const events = await collect(
      invokeFunctionUrlTarget(
        { connection: connection(), functionName: 'sse-events' },
        urlRequestFromText('{"path": "/chat", "body": {"prompt": "why", "delayMs": 60}}'),
      ),
    );
    assert.deepEqual(
      events.slice(0, 2).map((event) => event.type),
      ['started', 'httpPrelude'],
    );
    const prelude = events[1];
    assert.ok(prelude.type === 'httpPrelude');
    assert.equal(prelude.statusCode, 200);
    assert.match(prelude.headers['content-type'], /^text\/event-stream/);
    const chunks = chunksOf(events);
    const text = chunks.map((chunk) => chunk.text).join('');
    assert.match(text, /^event: start\n/);
    const tokens = [...text.matchAll(/event: token\nid: \d+\ndata: (.*)\n\n/g)].map(
      (match) => JSON.parse(match[1]).text,
    );
    assert.match(tokens.join(''), /^You asked: "why"\. Streaming sends each token/);
    assert.match(text, /event: done\ndata: \{\}\n\n$/);
    assert.ok(chunks.length >= 10, `one chunk per event, got ${chunks.length}`);
    const spread = chunks.at(-1)!.atMs - chunks[0].atMs;
    assert.ok(spread > 500, `the events arrived over ${Math.round(spread)} ms, as they were written`);
    const complete = completeOf(events);
    assert.equal(complete.errorCode, undefined);
    assert.equal(complete.metrics.chunks, chunks.length);
    assert.equal(complete.metrics.bytes, Buffer.byteLength(text));
    assert.ok(complete.metrics.timeToFirstByteMs! < spread, 'the first byte came before the last event');
  });

  it('says an unsigned request to an AWS_IAM URL was refused, and what to do, keeping the body', async () => {
    const events = await collect(
      invokeFunctionUrlTarget({ url: endpoint.functionUrl('sse-events') }, urlRequestFromText('')),
    );
    const complete = completeOf(events);
    assert.equal(complete.errorCode, 'FunctionUrl.403');
    assert.match(chunksOf(events)[0].text!, /Forbidden/);
    const failure = classifyFunctionFailure(complete);
    assert.equal(failure.category, 'credentials');
    assert.match(failure.message, /refused the unsigned request \(HTTP 403\)/);
    assert.deepEqual(failure.actions, [{ kind: 'signRequest' }]);
    const signed = await collect(
      invokeFunctionUrlTarget(
        { url: endpoint.functionUrl('sse-events'), authType: 'AWS_IAM' },
        urlRequestFromText('{"path": "/", "body": {"delayMs": 0}}'),
      ),
    );
    assert.equal(completeOf(signed).errorCode, undefined, 'a bare Local URL signs with the keys published for it');
  });

  it('reports 413, 502 and a function without a URL each with one sentence and the fixing action', async () => {
    const big = await collect(
      invokeFunctionUrl({ url: endpoint.functionUrl('token-stream'), body: Buffer.alloc(6 * 1024 * 1024 + 1, 97) }),
    );
    const tooBig = classifyFunctionFailure(completeOf(big));
    assert.equal(completeOf(big).errorCode, 'FunctionUrl.413');
    assert.match(tooBig.message, /over the function URL limit of 6 MB/);
    assert.equal(tooBig.actions[0].kind, 'reducePayload');

    const fixture = await startFixture({
      'fails.mjs': `export const handler = awslambda.streamifyResponse(async () => { throw new Error('nope'); });`,
    });
    try {
      const failed = await collect(
        invokeFunctionUrlTarget(
          { connection: { kind: 'endpoint', endpoint: fixture.endpoint.url }, functionName: 'fails' },
          urlRequestFromText(''),
        ),
      );
      assert.equal(completeOf(failed).errorCode, 'FunctionUrl.502');
      const failure = classifyFunctionFailure(completeOf(failed));
      assert.match(
        failure.message,
        /The function failed, or returned a response its URL cannot turn into HTTP \(HTTP 502\)/,
      );
      assert.deepEqual(
        failure.actions.map((action) => action.kind),
        ['showLog', 'retry'],
      );
    } finally {
      await fixture.close();
    }

    await assert.rejects(
      collect(invokeFunctionUrlTarget({ connection: connection(), functionName: 'buffered' }, urlRequestFromText(''))),
      (error: unknown) =>
        error instanceof LambdaStreamError &&
        error.classification.code === 'NoFunctionUrl' &&
        /buffered has no function URL/.test(error.message),
    );
  });

  it('keeps what arrived when the function fails mid-stream (the URL ends the body early)', async () => {
    const events: InvokeEvent[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of invokeFunctionUrlTarget(
          { connection: connection(), functionName: 'midstream-failure' },
          urlRequestFromText(''),
        ))
          events.push(event);
      })(),
      (error: unknown) =>
        error instanceof LambdaStreamError &&
        ['stream', 'network'].includes(error.classification.category) &&
        error.metrics?.chunks === 3,
    );
    assert.match(
      chunksOf(events)
        .map((chunk) => chunk.text)
        .join(''),
      /^step 1 of 4 done\nstep 2 of 4 done\nstep 3 of 4 done\n$/,
    );
  });

  it('stops when cancelled mid-stream, with the figures so far', async () => {
    const controller = new AbortController();
    const events: InvokeEvent[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of invokeFunctionUrlTarget(
          { connection: connection(), functionName: 'token-stream' },
          urlRequestFromText('{"delayMs": 200}'),
          { signal: controller.signal },
        )) {
          events.push(event);
          if (event.type === 'chunk') controller.abort();
        }
      })(),
      (error: unknown) =>
        error instanceof LambdaStreamError &&
        error.classification.category === 'cancelled' &&
        error.metrics?.chunks === 1,
    );
    assert.equal(chunksOf(events).length, 1);
  });

  it('refuses plain http to another machine and text that is not a URL', async () => {
    await assert.rejects(resolveFunctionUrl({ url: 'http://example.com/x' }), /only for a loopback \(Local\) URL/);
    await assert.rejects(resolveFunctionUrl({ url: 'not a url' }), /is not a URL/);
  });
});
