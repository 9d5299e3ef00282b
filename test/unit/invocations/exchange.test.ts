/**
 * Invocation files in and out: blocks written from drafts read back as the same invocation, the console's shareable
 * test events imported, and exports that run as written, with `$env` secrets exported by name only.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { exportSnippet, formatInvocation, readTestEvents, snippetKinds } from '../../../src/core/invocations/exchange';
import { loadInvocationFile } from '../../../src/core/invocations/invocationFile';

const load = (text: string, processEnv: Record<string, string> = {}) =>
  loadInvocationFile(text, {
    filePath: path.join(path.sep, 'p', 'a.invoke'),
    readFile: () => {
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
    processEnv,
  });

describe('invocation files: import and export', () => {
  it('writes a block that reads back as the same invocation', () => {
    const text = formatInvocation({
      name: 'Report\nfor November',
      target: 'report:live',
      connection: 'dev/eu-west-1',
      options: ['log none', 'tenant acme'],
      payload: '{\n  "month": "2026-11"\n}\n',
    });
    assert.equal(
      text,
      '### Report for November\n# @connection dev/eu-west-1\n# @log none\n# @tenant acme\nINVOKE report:live\n{\n  "month": "2026-11"\n}\n\n',
    );
    const file = load(text);
    assert.deepEqual(file.problems, []);
    const invocation = file.invocations[0].invocation!;
    assert.deepEqual(
      [invocation.name, invocation.functionName, invocation.qualifier, invocation.options.tenantId],
      ['Report for November', 'report', 'live', 'acme'],
    );
    assert.deepEqual(invocation.connection, { kind: 'aws', profile: 'dev', region: 'eu-west-1' });
  });

  it('reads shareable test events as the console stores them, and the describe-schema answer around them', () => {
    const schema = {
      openapi: '3.0.0',
      info: { version: '1.0.0', title: 'Event' },
      paths: {},
      components: {
        schemas: { Event: { type: 'object' } },
        examples: { happy: { value: { key1: 'value1' } }, empty: { value: {} }, broken: { summary: 'no value' } },
      },
    };
    const events = readTestEvents(JSON.stringify(schema));
    assert.ok(typeof events !== 'string');
    assert.deepEqual(
      events.events.map((event) => [event.name, JSON.parse(event.payload)]),
      [
        ['happy', { key1: 'value1' }],
        ['empty', {}],
      ],
    );
    const described = readTestEvents(
      JSON.stringify({ SchemaName: '_report-fn-schema', Content: JSON.stringify(schema), Type: 'OpenApi3' }),
    );
    assert.ok(typeof described !== 'string');
    assert.equal(described.functionName, 'report-fn');
    assert.match(String(readTestEvents('{"a": 1}')), /not a shareable test events schema/);
    assert.equal(readTestEvents('{'), 'the file is not JSON');
  });

  it('exports an invocation as aws lambda invoke, with the payload exact and secrets as shell variables', () => {
    const file = load(
      '# @connection dev/eu-west-1\n# @qualifier live\n# @tenant acme\nINVOKE report\n{"token": "{{$env API_TOKEN}}", "price": "$5 `now`"}\n',
      { API_TOKEN: 'hunter2' },
    );
    const invocation = file.invocations[0].invocation!;
    assert.deepEqual(snippetKinds(invocation), ['aws-cli', 'sdk-js']);
    const cli = exportSnippet(invocation, 'aws-cli');
    assert.ok(!cli.includes('hunter2'), 'the secret value was exported');
    assert.match(
      cli,
      /--function-name report \\\n {2}--qualifier live \\\n {2}--profile dev \\\n {2}--region eu-west-1/,
    );
    assert.match(cli, /--tenant-id acme/);
    // The heredoc expands only the secret reference: run the payload part through a real shell.
    const heredoc = /"\$\(cat <<EOF\n([\s\S]*?)\nEOF\n\)"/.exec(cli)![1];
    const expanded = execFileSync('sh', ['-c', `cat <<EOF\n${heredoc}\nEOF`], {
      env: { API_TOKEN: 'from-the-shell', PATH: process.env.PATH },
    }).toString();
    assert.equal(expanded, '{"token": "from-the-shell", "price": "$5 `now`"}\n');

    const sdk = exportSnippet(invocation, 'sdk-js');
    assert.ok(!sdk.includes('hunter2'));
    assert.match(sdk, /new InvokeWithResponseStreamCommand\(\{\n {2}FunctionName: "report",\n {2}Qualifier: "live",/);
    assert.match(
      sdk,
      /Payload: Buffer\.from\(`\{"token": "\$\{process\.env\.API_TOKEN\}", "price": "\$5 \\`now\\`"\}`\)/,
    );
    assert.match(sdk, /credentials: fromIni\(\{ profile: "dev" \}\)/);
  });

  it('exports a function URL request as curl, signed unless its AuthType is NONE', () => {
    const file = load(
      '### signed\nPOST https://abc.lambda-url.eu-west-1.on.aws/ /chat?x=1\naccept: text/event-stream\n\n{"a": 1}\n### open\n# @auth none\nGET fn\n',
    );
    const [signed, open] = file.invocations.map((item) => item.invocation!);
    assert.deepEqual(snippetKinds(signed), ['curl']);
    const curl = exportSnippet(signed, 'curl');
    assert.match(curl, /^# signed\n/);
    assert.match(curl, /curl -sN -X POST 'https:\/\/abc\.lambda-url\.eu-west-1\.on\.aws\/chat\?x=1'/);
    assert.match(curl, /-H 'accept: text\/event-stream'/);
    assert.match(curl, /--aws-sigv4 "aws:amz:\$AWS_REGION:lambda"/);
    assert.match(curl, /--data-binary @- <<EOF\n\{"a": 1\}\nEOF\n$/);
    const unsigned = exportSnippet(open, 'curl');
    assert.ok(!unsigned.includes('--aws-sigv4'));
    assert.match(unsigned, /# FUNCTION_URL: the function URL of fn/);
  });
});
