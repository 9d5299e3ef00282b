/**
 * Invocation files in and out: an invocation written as file text (from a payload file's target, a recent
 * invocation, or the Lambda console's shareable test events), and one invocation exported as a command to paste
 * (`aws lambda invoke`, an AWS SDK for JavaScript script, or `curl` for a function URL). Values that came from
 * `{{$env NAME}}` are exported as references to `NAME`, never as their values.
 */
import { type ParseError, parse } from 'jsonc-parser';
import { resolveUrl } from '../engine/invokeUrl';
import type { ConnectionSpec, ResolvedInvocation } from './resolve';
import type { Secret } from './variables';

/** What one invocation block says. */
export interface InvocationDraft {
  readonly name: string;
  /** `fn`, `fn:alias` or an ARN. */
  readonly target: string;
  readonly connection?: string;
  /** Option lines without `# @`, e.g. `log none`, `tenant acme`. */
  readonly options?: readonly string[];
  /** The payload text (JSON), or `< path` via `payloadFile`. */
  readonly payload?: string;
  readonly payloadFile?: string;
}

/** The text of one `###` block (ending with a blank line). */
export function formatInvocation(draft: InvocationDraft): string {
  const lines = [`### ${oneLine(draft.name)}`];
  if (draft.connection) lines.push(`# @connection ${draft.connection}`);
  for (const option of draft.options ?? []) lines.push(`# @${option}`);
  lines.push(`INVOKE ${draft.target}`);
  if (draft.payloadFile) lines.push(`< ${draft.payloadFile}`);
  else if (draft.payload !== undefined && draft.payload.trim() !== '') lines.push(draft.payload.trimEnd());
  return `${lines.join('\n')}\n\n`;
}

/** The `@connection` value for a connection. */
export function connectionText(spec: ConnectionSpec): string {
  switch (spec.kind) {
    case 'local':
      return 'local';
    case 'aws':
      return `${spec.profile ?? 'default'}${spec.region ? `/${spec.region}` : ''}`;
    case 'custom':
      return `custom ${spec.name}`;
    case 'endpoint':
      return spec.url;
  }
}

/** The events of a shareable test events document, with the function it is for when it says. */
export interface TestEvents {
  readonly functionName?: string;
  readonly events: readonly { readonly name: string; readonly payload: string }[];
}

/**
 * Reads the Lambda console's shareable test events: the OpenAPI 3 schema the console stores in the
 * `lambda-testevent-schemas` registry (`components.examples.<name>.value`), as `sam remote test-event` and the
 * console save it, or the `aws schemas describe-schema` answer around it (`SchemaName` `_<function>-schema`,
 * `Content` as text). Returns a sentence saying what is wrong otherwise.
 */
export function readTestEvents(text: string): TestEvents | string {
  const errors: ParseError[] = [];
  let document: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) return 'the file is not JSON';
  let functionName: string | undefined;
  if (isObject(document) && typeof document.Content === 'string') {
    functionName = /^_(.+)-schema$/.exec(String(document.SchemaName ?? ''))?.[1];
    document = parse(document.Content, errors);
    if (errors.length > 0) return 'its Content is not JSON';
  }
  const examples = isObject(document) && isObject(document.components) ? document.components.examples : undefined;
  if (!isObject(examples))
    return 'it is not a shareable test events schema (an OpenAPI 3 document with components.examples)';
  const events = Object.entries(examples).flatMap(([name, example]) =>
    isObject(example) && 'value' in example ? [{ name, payload: JSON.stringify(example.value, null, 2) }] : [],
  );
  if (events.length === 0) return 'its components.examples hold no event with a value';
  return { functionName, events };
}

/** The ways to export one invocation. */
export type SnippetKind = 'aws-cli' | 'sdk-js' | 'curl';

/** The snippets that apply: a function URL request exports as curl, an invocation as the CLI and the SDK. */
export function snippetKinds(invocation: ResolvedInvocation): SnippetKind[] {
  return invocation.kind === 'url' ? ['curl'] : ['aws-cli', 'sdk-js'];
}

/** One invocation as a command to paste; `{{$env NAME}}` values become references to NAME. */
export function exportSnippet(invocation: ResolvedInvocation, kind: SnippetKind): string {
  const payload = Buffer.from(
    invocation.kind === 'url' ? (invocation.urlRequest?.body ?? []) : (invocation.payload ?? []),
  ).toString('utf8');
  const connection = invocation.connection;
  const profile = connection?.kind === 'aws' ? connection.profile : undefined;
  const region = connection?.kind === 'aws' ? connection.region : undefined;
  const endpoint = connection?.kind === 'endpoint' ? connection.url : undefined;
  switch (kind) {
    case 'aws-cli': {
      // The AWS CLI has no streaming invoke any more (invoke-with-response-stream was removed): this is the buffered call.
      const flags = [
        `--function-name ${shellWord(invocation.functionName ?? '')}`,
        ...(invocation.qualifier ? [`--qualifier ${shellWord(invocation.qualifier)}`] : []),
        ...(profile ? [`--profile ${shellWord(profile)}`] : []),
        ...(region ? [`--region ${shellWord(region)}`] : []),
        ...(endpoint ? [`--endpoint-url ${shellWord(endpoint)}`] : []),
        ...(invocation.options.logTail ? ['--log-type Tail'] : []),
        ...(invocation.options.dryRun ? ['--invocation-type DryRun'] : []),
        ...(invocation.options.tenantId ? [`--tenant-id ${shellWord(invocation.options.tenantId)}`] : []),
        ...(invocation.options.clientContext
          ? [`--client-context ${Buffer.from(JSON.stringify(invocation.options.clientContext)).toString('base64')}`]
          : []),
        '--cli-binary-format raw-in-base64-out',
        `--payload "$(cat <<EOF\n${shellHeredoc(payload, invocation.secrets)}\nEOF\n)"`,
        'response.json',
      ];
      return `# ${invocation.name} (buffered: the AWS CLI has no streaming invoke)\naws lambda invoke \\\n  ${flags.join(' \\\n  ')}\n`;
    }
    case 'sdk-js': {
      const client = [
        ...(region ? [`region: ${JSON.stringify(region)}`] : []),
        ...(endpoint ? [`endpoint: ${JSON.stringify(endpoint)}`] : []),
        ...(profile ? [`credentials: fromIni({ profile: ${JSON.stringify(profile)} })`] : []),
      ];
      const input = [
        `FunctionName: ${JSON.stringify(invocation.functionName ?? '')}`,
        ...(invocation.qualifier ? [`Qualifier: ${JSON.stringify(invocation.qualifier)}`] : []),
        ...(invocation.options.logTail ? [`LogType: 'Tail'`] : []),
        ...(invocation.options.dryRun ? [`InvocationType: 'DryRun'`] : []),
        ...(invocation.options.tenantId ? [`TenantId: ${JSON.stringify(invocation.options.tenantId)}`] : []),
        ...(invocation.options.clientContext
          ? [
              `ClientContext: ${JSON.stringify(Buffer.from(JSON.stringify(invocation.options.clientContext)).toString('base64'))}`,
            ]
          : []),
        `Payload: Buffer.from(${templateLiteral(payload, invocation.secrets)})`,
      ];
      return [
        `// ${invocation.name}: node script.mjs (npm install @aws-sdk/client-lambda${profile ? ' @aws-sdk/credential-providers' : ''})`,
        `import { InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';`,
        ...(profile ? [`import { fromIni } from '@aws-sdk/credential-providers';`] : []),
        '',
        `const client = new LambdaClient({ ${client.join(', ')} });`,
        `const response = await client.send(new InvokeWithResponseStreamCommand({`,
        ...input.map((line) => `  ${line},`),
        `}));`,
        `for await (const event of response.EventStream) {`,
        `  if (event.PayloadChunk?.Payload) process.stdout.write(event.PayloadChunk.Payload);`,
        `  if (event.InvokeComplete?.ErrorCode) console.error(event.InvokeComplete.ErrorCode, event.InvokeComplete.ErrorDetails);`,
        `}`,
        '',
      ].join('\n');
    }
    case 'curl': {
      const request = invocation.urlRequest;
      const path = request?.path ?? '';
      const target = invocation.url
        ? shellWord(resolveUrl(invocation.url, path).href)
        : `"$FUNCTION_URL"${path ? shellWord(path.replace(/^\//, '')) : ''}`;
      const signed = invocation.options.authType !== 'NONE';
      const lines = [
        `curl -sN -X ${request?.method ?? 'GET'} ${target}`,
        ...Object.entries(request?.headers ?? {}).map(([name, value]) => `-H ${shellWord(`${name}: ${value}`)}`),
        ...(signed
          ? [
              `--aws-sigv4 "aws:amz:${region ?? '$AWS_REGION'}:lambda" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`,
            ]
          : []),
        ...(payload ? [`--data-binary @- <<EOF\n${shellHeredoc(payload, invocation.secrets)}\nEOF`] : []),
      ];
      const notes = [
        `# ${invocation.name}`,
        ...(invocation.url
          ? []
          : [`# FUNCTION_URL: the function URL of ${invocation.functionName} (Copy Function URL)`]),
        ...(signed
          ? [
              '# signed for AuthType AWS_IAM; with temporary credentials add -H "x-amz-security-token: $AWS_SESSION_TOKEN"',
            ]
          : []),
      ];
      return `${notes.join('\n')}\n${lines.join(' \\\n  ')}\n`;
    }
  }
}

/** Text for an unquoted heredoc: `$`, backticks and backslashes escaped, secrets as `${NAME}`. */
function shellHeredoc(text: string, secrets: readonly Secret[]): string {
  return withSecrets(
    text,
    secrets,
    (part) => part.replace(/[\\$`]/g, '\\$&'),
    (name) => `\${${name}}`,
  );
}

/** A JS template literal; secrets as `${process.env.NAME}`. */
function templateLiteral(text: string, secrets: readonly Secret[]): string {
  const body = withSecrets(
    text,
    secrets,
    (part) => part.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${'),
    (name) => `\${process.env.${name}}`,
  );
  return `\`${body}\``;
}

/** Escapes `text` piece by piece, each secret value replaced by a reference to its name. */
function withSecrets(
  text: string,
  secrets: readonly Secret[],
  escape: (part: string) => string,
  reference: (name: string) => string,
): string {
  const ordered = [...secrets].sort((a, b) => b.value.length - a.value.length);
  if (ordered.length === 0) return escape(text);
  const pattern = new RegExp(
    ordered.map((secret) => secret.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
  let out = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out += escape(text.slice(last, match.index)) + reference(ordered.find((secret) => secret.value === match[0])!.name);
    last = match.index + match[0].length;
  }
  return out + escape(text.slice(last));
}

/** A word for a POSIX shell, single-quoted unless it is plain. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
