/**
 * Issue 9, "Security": the secrets no pattern can recognise. A session token an error quotes bare, or a profile's
 * secret key that is in no environment variable, is masked because the client factory remembers every credential it
 * signed with; a function error's ErrorDetails and the log tail (text for people) are masked like any error text,
 * while the function's output stays byte for byte what it wrote.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { disposeLambdaClients } from '../../../src/core/aws/client';
import { errorMessageWithoutSecrets, redactSecrets, rememberCredentials } from '../../../src/core/errors/redaction';
import type { CompleteEvent } from '../../../src/core/engine/events';
import { invokeStreaming } from '../../../src/core/engine/invoke';
import { collect } from '../core/support/collect';
import {
  errorResponse,
  frames,
  startStreamServer,
  type StreamServer,
  streamHeaders,
} from '../core/support/streamServer';

const PROFILE = {
  accessKeyId: 'EXAMPLEKEYREDACTION01',
  secretAccessKey: 'redaction/Profile+Secret0123456789abcdXYZ',
  sessionToken: 'IQoJb3JpZ2luX2VjRedactionProfileToken/0123456789+abcdefghij==',
};
const ENV_KEYS = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_EC2_METADATA_DISABLED',
];

describe('hardening: secrets quoted bare, and in what a function reports, are masked', function () {
  this.timeout(30_000);
  let saved: Record<string, string | undefined>;
  let home: string;
  let server: StreamServer;

  before(async () => {
    saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    for (const key of ENV_KEYS) delete process.env[key];
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-redaction-'));
    fs.writeFileSync(path.join(home, 'config'), '[profile redaction]\nregion = us-east-1\n');
    fs.writeFileSync(
      path.join(home, 'credentials'),
      `[redaction]\naws_access_key_id = ${PROFILE.accessKeyId}\naws_secret_access_key = ${PROFILE.secretAccessKey}\naws_session_token = ${PROFILE.sessionToken}\n`,
    );
    process.env.AWS_CONFIG_FILE = path.join(home, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    server = await startStreamServer();
  });
  after(async () => {
    await disposeLambdaClients();
    await server.close();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('masks the credentials a client signed with wherever an error quotes them, even bare', async () => {
    server.handle((request, response, socket) => {
      const message = `The security token included in the request is invalid: ${String(request.headers['x-amz-security-token'])}`;
      return errorResponse(403, 'UnrecognizedClientException', JSON.stringify({ message }))(request, response, socket);
    });
    // A key id that matches no pattern (not AKIA…/ASIA…), so only remembering it masks it.
    assert.ok(
      redactSecrets(`bare ${PROFILE.sessionToken}`).includes(PROFILE.sessionToken),
      'nothing masks the bare token before it was used',
    );
    const result = await collect(
      invokeStreaming(
        { connection: { kind: 'endpoint', endpoint: server.url, profile: 'redaction' }, functionName: 'fn' },
        '{}',
      ),
    );
    assert.equal(
      server.requests.at(-1)?.headers['x-amz-security-token'],
      PROFILE.sessionToken,
      'the profile signed the request',
    );
    assert.equal(result.failure?.code, 'UnrecognizedClientException');
    assert.equal(
      result.error?.classification.detail,
      'The security token included in the request is invalid: [redacted]',
    );
    const quoted = `key ${PROFILE.accessKeyId}, secret ${PROFILE.secretAccessKey}, token ${PROFILE.sessionToken}`;
    assert.equal(redactSecrets(quoted), 'key [redacted], secret [redacted], token [redacted]');
    assert.equal(errorMessageWithoutSecrets(new Error(quoted)), 'key [redacted], secret [redacted], token [redacted]');
    assert.equal(errorMessageWithoutSecrets(`thrown ${PROFILE.sessionToken}`), 'thrown [redacted]');
  });

  it("masks secrets in a function error's ErrorDetails and in the log tail, and leaves the output as written", async () => {
    const output = `Authorization: AWS4-HMAC-SHA256 Credential=${PROFILE.accessKeyId}/x, Signature=${'ab'.repeat(32)}\n`;
    server.handle((request, response) => {
      const authorization = String(request.headers.authorization);
      response.writeHead(200, streamHeaders());
      response.end(
        Buffer.concat([
          frames.chunk(output),
          frames.complete({
            ErrorCode: 'Runtime.ExitError',
            ErrorDetails: `Rejected. Authorization: ${authorization}\nx-amz-security-token: ${String(request.headers['x-amz-security-token'])}`,
            LogResult: Buffer.from(
              `START\nERROR\ttoken ${String(request.headers['x-amz-security-token'])}\nEND\n`,
            ).toString('base64'),
          }),
        ]),
      );
    });
    const events = [];
    for await (const event of invokeStreaming(
      { connection: { kind: 'endpoint', endpoint: server.url, profile: 'redaction' }, functionName: 'fn' },
      '{}',
      { logType: 'Tail' },
    ))
      events.push(event);
    const text = events.flatMap((event) => (event.type === 'chunk' ? [event.text ?? ''] : [])).join('');
    assert.equal(text, output, "the output is the function's, byte for byte");
    const complete = events.find((event): event is CompleteEvent => event.type === 'complete');
    assert.equal(complete?.errorDetails, 'Rejected. Authorization: [redacted]\nx-amz-security-token: [redacted]');
    assert.deepEqual(complete?.log, { kind: 'text', text: 'START\nERROR\ttoken [redacted]\nEND\n' });
  });

  it('does not mask short values literally (LocalStack\'s "test" credentials would mask ordinary words)', () => {
    rememberCredentials({ accessKeyId: 'test', secretAccessKey: 'test' });
    assert.equal(redactSecrets('a test of the test endpoint'), 'a test of the test endpoint');
  });
});
