/**
 * The Local endpoint's function URLs over plain HTTP (as curl or a browser calls them): writes arrive as they
 * happen, the HttpResponseStream prelude becomes status, headers and cookies, a buffered result is mapped as Lambda
 * maps it, the event is payload format 2.0 (base64 for binary bodies), 413 past 6 MB, 502 for a function error, the
 * session token keeps the URL to its owner, and AuthType AWS_IAM wants a signature.
 */
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { signedHeaders } from '../../../src/core/aws/sigv4';
import { startLocalEndpoint } from '../../../src/emulator/server';
import { projectFixture } from '../project/fixtures';
import { type Fixture, startFixture } from './support';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Milliseconds after the request when each body part arrived. */
  arrivals: number[];
  parts: Buffer[];
}

function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
) {
  const target = new URL(url);
  const started = performance.now();
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const parts: Buffer[] = [];
        const arrivals: number[] = [];
        res.on('data', (part: Buffer) => {
          parts.push(part);
          arrivals.push(performance.now() - started);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts), arrivals, parts }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('emulator: Local function URLs', function () {
  this.timeout(30_000);
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture({
      'paced.mjs': `export const handler = awslambda.streamifyResponse(async (event, stream) => {
        stream = awslambda.HttpResponseStream.from(stream, {
          statusCode: 201,
          headers: { 'Content-Type': 'text/event-stream', 'X-Custom': 'yes' },
          cookies: ['a=1; Path=/', 'b=2'],
        });
        for (const n of [1, 2, 3]) {
          stream.write('data: ' + n + '\\n\\n');
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        stream.end();
      });`,
      'echo.mjs': `export const handler = awslambda.streamifyResponse(async (event, stream) => {
        stream.end(JSON.stringify(event));
      });`,
      'fails.mjs': `export const handler = awslambda.streamifyResponse(async () => { throw new Error('nope'); });`,
      'buffered.mjs': `export const handler = async (event) => ({
        statusCode: 404, headers: { 'content-type': 'text/plain' }, cookies: ['c=3'], body: 'bm90IGhlcmU=', isBase64Encoded: true,
      });`,
      'plainjson.mjs': `export const handler = async () => ({ ok: true });`,
      'lambda-stream.json': JSON.stringify({
        functions: { buffered: { streaming: false }, plainjson: { streaming: false } },
      }),
    });
  });
  after(() => fixture.close());

  it('streams each write as it happens, with the prelude as status, headers and cookies', async () => {
    const answer = await call(fixture.endpoint.functionUrl('paced'));
    assert.equal(answer.status, 201);
    assert.equal(answer.headers['content-type'], 'text/event-stream');
    assert.equal(answer.headers['x-custom'], 'yes');
    assert.deepEqual(answer.headers['set-cookie'], ['a=1; Path=/', 'b=2']);
    assert.equal(answer.body.toString(), 'data: 1\n\ndata: 2\n\ndata: 3\n\n');
    assert.ok(answer.parts.length >= 3, `${answer.parts.length} parts`);
    assert.ok(
      answer.arrivals[answer.arrivals.length - 1] - answer.arrivals[0] >= 500,
      `arrivals ${answer.arrivals.join(', ')}`,
    );
  });

  it('hands the handler a payload format 2.0 event, binary bodies in base64', async () => {
    const url = `${fixture.endpoint.functionUrl('echo')}items/7?b=2&a=1&a=3`;
    const text = JSON.parse(
      (
        await call(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: 'x=1; y=2' },
          body: '{"n":1}',
        })
      ).body.toString(),
    );
    assert.equal(text.version, '2.0');
    assert.equal(text.rawPath, '/items/7');
    assert.equal(text.rawQueryString, 'b=2&a=1&a=3');
    assert.deepEqual(text.queryStringParameters, { b: '2', a: '1,3' });
    assert.deepEqual(text.cookies, ['x=1', 'y=2']);
    assert.equal(text.requestContext.http.method, 'POST');
    assert.equal(text.requestContext.http.path, '/items/7');
    assert.equal(text.body, '{"n":1}');
    assert.equal(text.isBase64Encoded, false);
    assert.equal(text.headers['content-type'], 'application/json');
    const binary = JSON.parse(
      (
        await call(fixture.endpoint.functionUrl('echo'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream' },
          body: Buffer.from([0, 1, 2, 255]),
        })
      ).body.toString(),
    );
    assert.equal(binary.isBase64Encoded, true);
    assert.equal(binary.body, Buffer.from([0, 1, 2, 255]).toString('base64'));
  });

  it('maps a buffered result as Lambda does, and any other result as JSON', async () => {
    const mapped = await call(fixture.endpoint.functionUrl('buffered'));
    assert.equal(mapped.status, 404);
    assert.equal(mapped.headers['content-type'], 'text/plain');
    assert.deepEqual(mapped.headers['set-cookie'], ['c=3']);
    assert.equal(mapped.body.toString(), 'not here');
    const json = await call(fixture.endpoint.functionUrl('plainjson'));
    assert.equal(json.status, 200);
    assert.equal(json.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(json.body.toString()), { ok: true });
  });

  it('answers 502 for a function error, 413 past 6 MB, 404 for a function without a URL, 403 without the token', async () => {
    assert.equal((await call(fixture.endpoint.functionUrl('fails'))).status, 502);
    const big = await call(fixture.endpoint.functionUrl('echo'), {
      method: 'POST',
      body: Buffer.alloc(6 * 1024 * 1024 + 1, 0x61),
    });
    assert.equal(big.status, 413);
    assert.equal((await call(fixture.endpoint.functionUrl('nope'))).status, 404);
    const wrongToken = fixture.endpoint
      .functionUrl('echo')
      .replace(/lambda-url\/[0-9a-f]+/, `lambda-url/${'0'.repeat(32)}`);
    assert.equal((await call(wrongToken)).status, 403);
  });

  it('wants a SigV4 signature with the session keys when the AuthType is AWS_IAM', async () => {
    const endpoint = await startLocalEndpoint({ project: projectFixture('sam-globals'), onProblem: () => undefined });
    try {
      const url = new URL(endpoint.functionUrl('StreamFunction'));
      assert.equal((await call(url.href)).status, 403, 'unsigned');
      const headers = signedHeaders(
        { method: 'GET', host: url.host, path: url.pathname, headers: {} },
        endpoint.sessionKeys!,
        { region: 'us-east-1', service: 'lambda' },
      );
      const signed = await call(url.href, { headers });
      assert.equal(signed.status, 200);
      assert.match(signed.body.toString(), /^hello, from the shared layer\n/);
    } finally {
      await endpoint.close();
    }
  });
});
