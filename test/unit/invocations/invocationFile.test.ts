/**
 * Invocation files (`*.invoke`): every construct of the syntax, variables and environments, the resolved requests,
 * and each problem at its exact offset.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadInvocationFile, type LoadOptions } from '../../../src/core/invocations/invocationFile';
import { parseConnection } from '../../../src/core/invocations/resolve';
import { parseInvocationFile } from '../../../src/core/invocations/syntax';

const DIR = path.join(path.sep, 'work', 'project');
const FILE = path.join(DIR, 'smoke.invoke');

function files(entries: Record<string, string>): LoadOptions['readFile'] {
  return (absolute) => {
    const relative = path.relative(DIR, absolute).split(path.sep).join('/');
    if (!Object.hasOwn(entries, relative)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return Buffer.from(entries[relative]);
  };
}

function load(text: string, extra: Partial<LoadOptions> = {}, disk: Record<string, string> = {}) {
  return loadInvocationFile(text, { filePath: FILE, readFile: files(disk), processEnv: {}, ...extra });
}

/** The text a problem covers. */
const covered = (text: string, problem: { offset: number; length: number }) =>
  text.slice(problem.offset, problem.offset + problem.length);

const SAMPLE = [
  '# Smoke tests of the streaming functions',
  '@prompt = Why stream?',
  '@delay = 20',
  '# @connection local',
  '',
  '### Tokens from the live alias',
  '# @log none',
  'INVOKE token-stream:live',
  '',
  '{ "prompt": "{{prompt}}", "delayMs": {{delay}} }',
  '',
  '### Events through the URL',
  'POST sse-events /chat?lang=en',
  'accept: text/event-stream',
  'x-trace: {{$uuid}}',
  '',
  '{ "prompt": "{{prompt}}" }',
  '',
  '###',
  '# @connection dev/eu-west-1',
  '# @dry-run',
  '# @tenant acme',
  '# @client-context {"custom": {"team": "a"}}',
  'INVOKE arn:aws:lambda:eu-west-1:123456789012:function:report:7',
  '< ./payloads/report.json',
  '',
].join('\n');

describe('invocation files: syntax', () => {
  it('reads file variables and options, named blocks, request lines, headers and bodies', () => {
    const syntax = parseInvocationFile(SAMPLE);
    assert.deepEqual(syntax.problems, []);
    assert.deepEqual(
      syntax.variables.map((variable) => [variable.name.text, variable.value.text]),
      [
        ['prompt', 'Why stream?'],
        ['delay', '20'],
      ],
    );
    assert.equal(SAMPLE.slice(syntax.variables[0].value.offset).startsWith('Why stream?'), true);
    assert.deepEqual(
      syntax.options.map((option) => [option.key.text, option.value.text]),
      [['connection', 'local']],
    );
    assert.deepEqual(
      syntax.blocks.map((block) => block.name),
      ['Tokens from the live alias', 'Events through the URL', '#3'],
    );
    const [tokens, events, report] = syntax.blocks;
    assert.deepEqual(tokens.request && { kind: tokens.request.kind, target: tokens.request.target.text }, {
      kind: 'invoke',
      target: 'token-stream:live',
    });
    assert.equal(
      tokens.body?.kind === 'inline' && tokens.body.text.text,
      '{ "prompt": "{{prompt}}", "delayMs": {{delay}} }',
    );
    assert.ok(events.request?.kind === 'url');
    assert.equal(events.request.method.text, 'POST');
    assert.equal(events.request.path?.text, '/chat?lang=en');
    assert.deepEqual(
      events.headers.map((header) => [header.name.text, header.value.text]),
      [
        ['accept', 'text/event-stream'],
        ['x-trace', '{{$uuid}}'],
      ],
    );
    assert.equal(SAMPLE.slice(events.headers[1].value.offset, events.headers[1].value.offset + 9), '{{$uuid}}');
    assert.deepEqual(report.body, {
      kind: 'file',
      path: { text: './payloads/report.json', offset: SAMPLE.indexOf('./payloads') },
    });
    assert.deepEqual(
      report.options.map((option) => option.key.text),
      ['connection', 'dry-run', 'tenant', 'client-context'],
    );
    assert.equal(tokens.end, events.offset, 'a block ends where the next ### starts');
  });

  it('takes a file without ### as one invocation, and keeps CRLF offsets exact', () => {
    const text = '@name = x\r\nINVOKE fn\r\n\r\n{"a": "{{name}}"}\r\n';
    const syntax = parseInvocationFile(text);
    assert.equal(syntax.blocks.length, 1);
    assert.equal(syntax.blocks[0].name, '#1');
    assert.equal(syntax.blocks[0].variables[0].name.text, 'name');
    const body = syntax.blocks[0].body;
    assert.ok(body?.kind === 'inline');
    assert.equal(text.slice(body.text.offset, body.text.offset + body.text.text.length), '{"a": "{{name}}"}');
  });

  it('reads comments between the request line and the body as comments', () => {
    const text = '### one\nINVOKE fn\n# the payload follows\n// really\n{ "a": 1 }\n';
    const block = parseInvocationFile(text).blocks[0];
    assert.deepEqual(block.body, { kind: 'inline', text: { text: '{ "a": 1 }', offset: text.indexOf('{') } });
  });

  it('places what it cannot read', () => {
    const text = [
      'stray text',
      '### no request',
      '# only a comment',
      '### bad line',
      'FETCH fn',
      '### two targets',
      'INVOKE fn /path',
      '### from a file and more',
      'INVOKE fn',
      '< ./a.json',
      '{ "b": 1 }',
    ].join('\n');
    const problems = parseInvocationFile(text).problems;
    assert.deepEqual(
      problems.map((problem) => [covered(text, problem), problem.message.split(':')[0]]),
      [
        ['stray text', 'Before the first ###, only @name = value variables, # @option lines and comments may appear.'],
        ['### no request', 'This invocation has no request line'],
        ['FETCH fn', 'Expected a request line'],
        ['/path', 'INVOKE takes one target (a name, an ARN or name'],
        [
          '{ "b": 1 }',
          'A payload read from a file (< path) takes the whole body; move this text into that file or remove it.',
        ],
      ],
    );
  });
});

describe('invocation files: resolving', () => {
  it('resolves targets, qualifiers, connections, options, payloads and URL requests', () => {
    const file = load(SAMPLE, {}, { 'payloads/report.json': '{"month": "2026-11"}' });
    assert.deepEqual(file.problems, []);
    const [tokens, events, report] = file.invocations.map((item) => item.invocation!);
    assert.equal(tokens.functionName, 'token-stream');
    assert.equal(tokens.qualifier, 'live');
    assert.deepEqual(tokens.connection, { kind: 'local' });
    assert.equal(tokens.options.logTail, false);
    assert.equal(Buffer.from(tokens.payload!).toString(), '{ "prompt": "Why stream?", "delayMs": 20 }');
    assert.equal(tokens.payloadLabel, 'inline (42 bytes)');

    assert.equal(events.kind, 'url');
    assert.equal(events.functionName, 'sse-events');
    assert.equal(events.urlRequest?.method, 'POST');
    assert.equal(events.urlRequest?.path, '/chat?lang=en');
    assert.equal(events.urlRequest?.headers.accept, 'text/event-stream');
    assert.match(events.urlRequest!.headers['x-trace'], /^[0-9a-f-]{36}$/);
    assert.equal(events.urlRequest?.headers['content-type'], 'application/json', 'a JSON body says so');

    assert.deepEqual(report.connection, { kind: 'aws', profile: 'dev', region: 'eu-west-1' });
    assert.equal(report.functionName, 'arn:aws:lambda:eu-west-1:123456789012:function:report:7');
    assert.equal(report.qualifier, undefined, 'an ARN keeps its qualifier');
    assert.deepEqual(report.options, {
      logTail: true,
      dryRun: true,
      buffered: false,
      clientContext: { custom: { team: 'a' } },
      tenantId: 'acme',
    });
    assert.equal(Buffer.from(report.payload!).toString(), '{"month": "2026-11"}');
    assert.equal(report.payloadLabel, './payloads/report.json (20 bytes)');
  });

  it('takes variables from the invocation, the file, then the environment; $env values are secrets', () => {
    const text = [
      '@greeting = Hello {{who}}',
      '### one',
      '@who = the invocation',
      'INVOKE fn',
      '{"g": "{{greeting}}", "region": "{{region}}", "token": "{{$env API_TOKEN}}", "at": {{$timestamp}}}',
      '### two',
      'INVOKE fn',
      '{"g": "{{greeting}}"}',
    ].join('\n');
    const environments = { $shared: { region: 'us-east-1', who: 'shared' }, prod: { region: 'eu-west-1' } };
    const file = load(text, { environments, environment: 'prod', processEnv: { API_TOKEN: 's3cr3t' } });
    assert.deepEqual(file.problems, []);
    const [one, two] = file.invocations.map((item) => JSON.parse(Buffer.from(item.invocation!.payload!).toString()));
    assert.equal(one.g, 'Hello the invocation');
    assert.equal(one.region, 'eu-west-1', 'the chosen environment over $shared');
    assert.equal(one.token, 's3cr3t');
    assert.ok(Math.abs(one.at - Date.now() / 1000) < 60);
    assert.equal(two.g, 'Hello shared');
    assert.deepEqual(file.invocations[0].invocation!.secrets, [{ name: 'API_TOKEN', value: 's3cr3t' }]);
  });

  it('reads lambda-stream.env.json beside the file, over the given environments, and says what is wrong in it', () => {
    const text = 'INVOKE fn\n{"stage": "{{stage}}"}';
    const good = load(
      text,
      { environments: { dev: { stage: 'from-settings' } }, environment: 'dev' },
      {
        'lambda-stream.env.json': '{ // comments allowed\n "dev": { "stage": "from-file" }, }',
      },
    );
    assert.equal(JSON.parse(Buffer.from(good.invocations[0].invocation!.payload!).toString()).stage, 'from-file');
    const bad = load(text, {}, { 'lambda-stream.env.json': '{ "dev": [1] }' });
    assert.match(bad.environmentsProblem!, /lambda-stream\.env\.json: "dev" must be an object/);
    assert.match(bad.problems[0].message, /\{\{stage\}\} is not defined/);
  });

  it('places each problem where it was typed: unknown variables, JSON after substitution, targets, options, files', () => {
    const text = [
      '### unknown variable',
      'INVOKE fn',
      '{"a": "{{missing}}"}',
      '### JSON broken after a variable',
      '@list = 1, 2',
      'INVOKE fn',
      '{"a": [{{list}}], "b": 2,, }',
      '### bad target',
      'INVOKE no spaces allowed',
      '### bad name',
      'INVOKE fn!bad',
      '### qualifier twice',
      '# @qualifier beta',
      'INVOKE fn:live',
      '### options',
      '# @log loud',
      '# @colour blue',
      '# @client-context [1]',
      '# @connection ???',
      'INVOKE fn',
      '### missing file',
      'INVOKE fn',
      '< ./nope.json',
      '### system variable',
      'INVOKE fn',
      '{"a": "{{$env}}", "b": "{{$nope}}"}',
      '### loop',
      '@x = {{y}}',
      '@y = {{x}}',
      'INVOKE fn',
      '{"a": "{{x}}"}',
    ].join('\n');
    const problems = load(text).problems;
    const shown = problems.map((problem) => [covered(text, problem), problem.message]);
    const find = (snippet: string) => shown.find(([where]) => where === snippet);
    assert.match(find('{{missing}}')![1], /\{\{missing\}\} is not defined: add @missing = value/);
    assert.ok(
      find(',')?.[1].match(/property name|value is expected/i),
      `the double comma is the JSON error: ${JSON.stringify(shown)}`,
    );
    assert.equal(text.slice(problems.find((p) => /property name/i.test(p.message))!.offset).startsWith(', }'), true);
    assert.ok(
      shown.some(([where]) => where === 'spaces allowed'),
      'extra words after INVOKE are placed',
    );
    assert.match(find('fn!bad')![1], /function name/i);
    assert.match(find('fn:live')![1], /says :live but @qualifier says beta/);
    assert.match(find('loud')![1], /@log takes tail or none/);
    assert.match(find('colour')![1], /@colour is not an option; the options are @connection, @qualifier/);
    assert.match(find('[1]')![1], /client context must be a JSON object, not an array/);
    assert.match(find('???')![1], /@connection takes local, a profile/);
    assert.match(find('./nope.json')![1], /\.\/nope\.json does not exist \(paths are relative to this file\)/);
    assert.match(find('{{$env}}')![1], /needs one environment variable name/);
    assert.match(find('{{$nope}}')![1], /is not a system variable/);
    assert.match(find('{{x}}')![1], /refers to itself/);
  });

  it('refuses a payload over 6 MB at its body, and invalid JSON in a referenced file by the file', () => {
    const big = `{"a": "${'x'.repeat(6 * 1024 * 1024)}"}`;
    const text = `### big\nINVOKE fn\n{{big}}\n### file\nINVOKE fn\n< ./broken.json\n`;
    const problems = load(text, { environments: { $shared: { big } } }, { 'broken.json': '{"a": }' }).problems;
    assert.match(problems[0].message, /over Lambda's limit of 6291456 bytes/);
    assert.equal(covered(text, problems[0]), '{{big}}');
    assert.match(problems[1].message, /^\.\/broken\.json: Line 1, column 7: a value is expected/);
    assert.equal(covered(text, problems[1]), './broken.json');
  });

  it('sends a URL body as text with its own content type, and checks JSON without one', () => {
    const text = [
      '### text',
      'PUT https://abc.lambda-url.eu-west-1.on.aws/notes',
      'content-type: text/plain',
      '',
      'not json at all',
      '### json',
      'POST fn',
      '',
      'not json either',
      '### path',
      'GET fn items',
    ].join('\n');
    const file = load(text);
    const [plain] = file.invocations;
    assert.equal(plain.invocation?.url, 'https://abc.lambda-url.eu-west-1.on.aws/notes');
    assert.equal(Buffer.from(plain.invocation!.urlRequest!.body!).toString(), 'not json at all');
    assert.match(file.problems[0].message, /give a content-type header to send other text/);
    assert.match(file.problems[1].message, /A path starts with \//);
  });

  it('reads connections: local, custom, endpoints and profiles with regions', () => {
    assert.deepEqual(parseConnection('local'), { kind: 'local' });
    assert.deepEqual(parseConnection('custom LocalStack'), { kind: 'custom', name: 'LocalStack' });
    assert.deepEqual(parseConnection('http://127.0.0.1:9001'), { kind: 'endpoint', url: 'http://127.0.0.1:9001' });
    assert.deepEqual(parseConnection('dev'), { kind: 'aws', profile: 'dev' });
    assert.deepEqual(parseConnection('dev/ap-southeast-2'), { kind: 'aws', profile: 'dev', region: 'ap-southeast-2' });
    assert.equal(parseConnection('dev/not a region'), undefined);
  });

  it('treats names like __proto__ as data, in variables and environments', () => {
    const text = '@__proto__ = safe\nINVOKE fn\n{"a": "{{__proto__}}", "b": "{{constructor}}"}';
    const file = load(text, {
      environments: JSON.parse('{"__proto__": {"constructor": "env"}}'),
      environment: '__proto__',
    });
    assert.deepEqual(file.problems, []);
    assert.deepEqual(JSON.parse(Buffer.from(file.invocations[0].invocation!.payload!).toString()), {
      a: 'safe',
      b: 'env',
    });
  });
});
