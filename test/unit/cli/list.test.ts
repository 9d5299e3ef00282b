/**
 * `lambda-stream list` as a child process against crafted control-plane answers: a function whose aliases cannot
 * be read is listed with a note (never a crash with a stack trace), the others in full, and the exit code says the
 * listing is incomplete.
 */
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { type RecordedRequest, startStreamServer, type StreamServer } from '../core/support/streamServer';
import { runCli } from './support/runCli';

const fn = (name: string) => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  Runtime: 'nodejs22.x',
  Description: '',
});
const DENIED =
  'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:ListAliases on resource: arn:aws:lambda:us-east-1:123456789012:function:beta';

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': 'req-list',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(JSON.stringify(body));
}

describe('lambda-stream list', function () {
  this.timeout(20_000);
  let server: StreamServer;

  before(async () => (server = await startStreamServer()));
  after(() => server.close());

  /**
   * Two functions; beta's ListAliases is denied. alpha's details are answered only after beta's denial has gone
   * out, so the denial arrives while the CLI still waits for alpha (the order that used to crash it).
   */
  function serveWithDeniedAliases(): void {
    let betaDenied: () => void = () => undefined;
    const denialSent = new Promise<void>((resolve) => (betaDenied = resolve));
    server.handle(async (request: RecordedRequest, response) => {
      const path = request.url.split('?')[0];
      if (path === '/2015-03-31/functions') return send(response, 200, { Functions: [fn('alpha'), fn('beta')] });
      if (path === '/2015-03-31/functions/beta/aliases') {
        response.once('finish', () => betaDenied());
        return send(response, 403, { Message: DENIED }, 'AccessDeniedException');
      }
      if (path === '/2015-03-31/functions/beta/versions')
        return send(response, 200, { Versions: [{ Version: '$LATEST' }] });
      await denialSent;
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (path === '/2015-03-31/functions/alpha/aliases')
        return send(response, 200, { Aliases: [{ Name: 'live', FunctionVersion: '1' }] });
      if (path === '/2015-03-31/functions/alpha/versions')
        return send(response, 200, { Versions: [{ Version: '$LATEST' }, { Version: '1' }] });
      send(response, 404, { Message: `unexpected ${path}` }, 'ResourceNotFoundException');
    });
  }

  it('notes a function whose aliases are denied, lists the others, and exits 3', async () => {
    serveWithDeniedAliases();
    const result = await runCli(['list', '--endpoint', server.url]);
    assert.equal(result.code, 3, result.stderr);
    assert.equal(
      result.stdout,
      [
        'alpha  (nodejs22.x)',
        '  aliases:  live → 1',
        '  versions: $LATEST, 1',
        'beta  (nodejs22.x)',
        "  aliases and versions not available: These credentials are not allowed to list the aliases of function 'beta'.",
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(result.stderr, /unexpected failure|\n\s+at /);
    assert.match(
      result.stderr,
      /^lambda-stream: These credentials are not allowed to list the aliases of function 'beta'\.\n/,
    );
    assert.match(
      result.stderr,
      /grant lambda:ListAliases on arn:aws:lambda:us-east-1:123456789012:function:beta to these credentials/,
    );
    assert.match(result.stderr, /\(aliases and versions are missing for 1 of 2 functions\)\n$/);
  });

  it("carries the failure in the function's --json line", async () => {
    serveWithDeniedAliases();
    const result = await runCli(['list', '--endpoint', server.url, '--json']);
    assert.equal(result.code, 3, result.stderr);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((line) => line.name),
      ['alpha', 'beta'],
    );
    assert.deepEqual(lines[0].versions, [{ version: '$LATEST' }, { version: '1' }]);
    const error = lines[1].error as { code: string; category: string; message: string };
    assert.equal(error.code, 'AccessDeniedException');
    assert.equal(error.category, 'credentials');
    assert.equal(lines[1].aliases, undefined);
  });
});
