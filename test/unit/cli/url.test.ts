/**
 * `lambda-stream url` as a child process against the Local endpoint: by function name (URL and AuthType read on the
 * connection, signed with the published session keys) and by bare URL, the body streamed to stdout as it is
 * written, status and headers on stderr, request shapes and options, and the exit codes of 403 and usage errors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { runCli, startCli } from './support/runCli';

describe('lambda-stream url', function () {
  this.timeout(30_000);
  let endpoint: LocalEndpoint;
  before(async () => (endpoint = await startLocalEndpoint({ port: 0, onProblem: () => undefined, publishKeys: true })));
  after(() => endpoint.close());

  it('streams server-sent events by function name, each on stdout before the last is written', async () => {
    const cli = startCli([
      'url',
      'sse-events',
      '--endpoint',
      endpoint.url,
      '--path',
      '/chat?lang=en',
      '-H',
      'accept: text/event-stream',
      '--data',
      '{"prompt": "first", "delayMs": 150}',
    ]);
    await cli.stdoutIncludes('event: token\nid: 1\n');
    const early = Date.now();
    const result = await cli.done;
    assert.ok(Date.now() - early > 1_000, 'the first event was on stdout well before the stream ended');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^event: start\n/);
    assert.match(result.stdout, /event: done\ndata: \{\}\n\n$/);
    assert.match(result.stderr, /^HTTP 200\n/);
    assert.match(result.stderr, /content-type: text\/event-stream; charset=utf-8\n/);
    assert.match(
      result.stderr,
      /── completed · status 200 · text\/event-stream; charset=utf-8 · first byte \d+ ms · [\d,]+ bytes · \d+ chunks/,
    );
  });

  it('sends a request shape from a file, and --method overrides it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-url-'));
    const file = path.join(dir, 'request.json');
    fs.writeFileSync(file, JSON.stringify({ method: 'POST', path: '/a/b', query: { q: '1' }, body: { n: 1 } }));
    try {
      const result = await runCli([
        'url',
        'token-stream',
        '--endpoint',
        endpoint.url,
        '--data',
        `@${file}`,
        '-X',
        'PUT',
        '--json',
      ]);
      assert.equal(result.code, 0, result.stderr);
      const events = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.equal(events[0].type, 'started');
      assert.equal(events.at(-1).type, 'complete');
      assert.ok(events.filter((event) => event.type === 'chunk').length > 10, 'one chunk per word');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 3 with the fix when an AWS_IAM URL is called unsigned, and 0 with --auth iam', async () => {
    const url = endpoint.functionUrl('sse-events');
    const refused = await runCli(['url', url]);
    assert.equal(refused.code, 3);
    assert.equal(refused.stdout, '{"Message":"Forbidden"}');
    assert.match(refused.stderr, /refused the unsigned request \(HTTP 403\)/);
    assert.match(refused.stderr, /→ sign the request: add --auth iam/);
    const signed = await runCli(['url', url, '--auth', 'iam', '--data', '{"delayMs": 0}']);
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /event: done/);
  });

  it('says what is wrong before sending anything: usage, a bad request shape, a function without a URL', async () => {
    const usage = await runCli(['url']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /name the function or give its URL/);
    const header = await runCli(['url', 'token-stream', '--endpoint', endpoint.url, '-H', 'no-colon']);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /--header 'no-colon' must be NAME:VALUE/);
    const shape = await runCli(['url', 'token-stream', '--endpoint', endpoint.url, '-d', '{"path": "nope"}']);
    assert.equal(shape.code, 2);
    assert.match(shape.stderr, /"path" must be a string starting with "\/"/);
    const none = await runCli(['url', 'buffered', '--endpoint', endpoint.url]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /buffered has no function URL/);
  });
});
