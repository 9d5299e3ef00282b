/**
 * `lambda-stream invoke` as a child process: output streamed to stdout chunk by chunk (proved by a server that only
 * produces the next chunk once the first is on the CLI's stdout), exit codes, `--json`, payload sources, Ctrl-C,
 * and a reader that closes the pipe early.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  errorResponse,
  frames,
  gate,
  startStreamServer,
  streamHeaders,
  type StreamServer,
} from '../core/support/streamServer';
import { runCli, startCli } from './support/runCli';

describe('lambda-stream invoke', function () {
  this.timeout(20_000);
  let server: StreamServer;
  const endpoint = () => ['--endpoint', server.url];

  before(async () => (server = await startStreamServer()));
  after(() => server.close());

  it('writes each chunk to stdout before the next one is produced', async () => {
    const next = gate();
    server.handle(async (_request, response) => {
      response.writeHead(200, streamHeaders());
      response.write(frames.chunk('first line\n'));
      await next.promise;
      response.end(Buffer.concat([frames.chunk('second line\n'), frames.complete()]));
    });
    const cli = startCli(['invoke', 'fn', ...endpoint()]);
    await cli.stdoutIncludes('first line\n');
    next.open();
    const result = await cli.done;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'first line\nsecond line\n');
    assert.match(result.stderr, /── completed · version \$LATEST · status 200/);
  });

  it('exits 1 when the function fails, keeping the partial output', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, streamHeaders());
      response.end(
        Buffer.concat([
          frames.chunk('row 1\n'),
          frames.complete({ ErrorCode: 'Error', ErrorDetails: 'boom at row 2' }),
        ]),
      );
    });
    const result = await runCli(['invoke', 'fn', ...endpoint()]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'row 1\n');
    assert.match(result.stderr, /failed after 1 chunk with Error: boom at row 2/);
  });

  it('exits 2 for invalid JSON or a bad option, sending nothing', async () => {
    const before = server.requests.length;
    const invalid = await runCli(['invoke', 'fn', ...endpoint(), '--payload', '{"a": }']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /not valid JSON\. Line 1, column 7/);
    const option = await runCli(['invoke', 'fn', '--frobnicate']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--frobnicate'/);
    const missing = await runCli(['invoke', 'fn', ...endpoint(), '--payload', '@/nonexistent/payload.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the payload file/);
    assert.equal(server.requests.length, before);
  });

  it('exits 3 for a service error, with the sentence and what to do', async () => {
    server.handle(errorResponse(404, 'ResourceNotFoundException', '{"Type":"User","Message":"Function not found"}'));
    const result = await runCli(['invoke', 'missing', ...endpoint()]);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Function 'missing' was not found in us-east-1\./);
    assert.match(result.stderr, /→ check the function name/);
  });

  it('exits 3 when nothing listens at the endpoint', async () => {
    const result = await runCli(['invoke', 'fn', '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /connection to http:\/\/127\.0\.0\.1:9 was refused/);
  });

  it('writes one JSON event per line with --json', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, streamHeaders());
      response.end(Buffer.concat([frames.chunk('a'), frames.chunk('b'), frames.complete()]));
    });
    const result = await runCli(['invoke', 'fn', ...endpoint(), '--json']);
    assert.equal(result.code, 0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      events.map((event) => event.type),
      ['started', 'chunk', 'chunk', 'complete'],
    );
    assert.deepEqual(
      events.slice(1, 3).map((event) => event.text),
      ['a', 'b'],
    );
    assert.equal(result.stderr, '');
  });

  it('reads the payload from a file and from stdin', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, streamHeaders());
      response.end(frames.complete());
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-cli-')), 'event.json');
    fs.writeFileSync(file, '{"from": "file"}');
    assert.equal((await runCli(['invoke', 'fn', ...endpoint(), '--payload', `@${file}`])).code, 0);
    assert.equal(server.requests.at(-1)?.body.toString(), '{"from": "file"}');
    assert.equal((await runCli(['invoke', 'fn', ...endpoint(), '--payload', '-'], '{"from": "stdin"}')).code, 0);
    assert.equal(server.requests.at(-1)?.body.toString(), '{"from": "stdin"}');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('cancels on Ctrl-C, saying the function may keep running', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, streamHeaders());
      response.write(frames.chunk('started\n'));
    });
    const closed = server.clientClosed();
    const cli = startCli(['invoke', 'fn', ...endpoint()]);
    await cli.stdoutIncludes('started\n');
    cli.child.kill('SIGINT');
    const result = await cli.done;
    assert.equal(result.code, 130);
    assert.match(result.stderr, /cancelled after 8 bytes in 1 chunk\. The function may keep running/);
    await closed;
  });

  it('stops quietly when the reader closes stdout', async () => {
    let timer: NodeJS.Timeout | undefined;
    server.handle((_request, response) => {
      response.writeHead(200, streamHeaders());
      timer = setInterval(() => response.write(frames.chunk('tick\n')), 10);
      response.on('close', () => clearInterval(timer));
    });
    const cli = startCli(['invoke', 'fn', ...endpoint()]);
    await cli.stdoutIncludes('tick\n');
    cli.child.stdout.destroy();
    const result = await cli.done;
    clearInterval(timer);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /stdout was closed/);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/);
  });
});
