/**
 * Editing help in invocation files: completion of function names (listed on the invocation's connection) after
 * `INVOKE` or a method, of `{{variables}}` (the invocation's, the file's, the environment's, the system ones), of
 * `# @options` and of `@connection` values; and a hover on a request line showing the request as it will be sent,
 * with values from `{{$env …}}` masked.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type FileInvocation, invocationAt, type LoadedInvocationFile } from '../../core/invocations/invocationFile';
import { type ConnectionSpec, OPTION_KEYS, parseConnection, scopeFor } from '../../core/invocations/resolve';
import { URL_METHODS } from '../../core/invocations/syntax';
import { SYSTEM_VARIABLES, variableNames } from '../../core/invocations/variables';
import { config } from '../config';
import type { ExtensionContextServices } from '../services';
import type { FunctionSource } from '../invoke/targetPicker';
import { connectionFor } from './invocationRuns';
import { InvocationFiles } from './invocationFiles';

/** At most this many function names are listed for completion. */
const MAX_LISTED = 200;
const REQUEST_START = new RegExp(`^\\s*(INVOKE|${URL_METHODS.join('|')})\\s+(\\S*)$`);

/** Completion inside invocation files. */
export class InvocationCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly files: InvocationFiles,
    private readonly services: ExtensionContextServices,
    private readonly sources: FunctionSource,
  ) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionItem[]> {
    if (!InvocationFiles.isInvocationFile(document)) return [];
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const file = this.files.read(document);
    const entry = invocationAt(file, document.offsetAt(position));
    const variable = /\{\{\s*([^{}]*)$/.exec(before);
    if (variable) {
      const scope = scopeFor(file.syntax, entry?.block, {
        baseDir: path.dirname(document.uri.fsPath),
        environments: file.environments,
        environment: this.files.environment,
        readFile: () => new Uint8Array(0),
      });
      const items = variableNames(scope).map(({ name, source }) => {
        const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Variable);
        item.detail = `${source.origin} variable`;
        item.documentation = source.origin === 'environment' ? undefined : source.value;
        return item;
      });
      for (const system of SYSTEM_VARIABLES) {
        const item = new vscode.CompletionItem(system, vscode.CompletionItemKind.Constant);
        item.insertText = system === '$env NAME' ? new vscode.SnippetString('\\$env ${1:NAME}') : system;
        item.detail = 'system variable';
        items.push(item);
      }
      return items;
    }
    if (/^\s*(#|\/\/)\s*@[\w-]*$/.test(before)) {
      return Object.entries(OPTION_KEYS).map(([key, takes]) => {
        const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Property);
        item.detail = takes;
        return item;
      });
    }
    if (/^\s*(#|\/\/)\s*@connection\s+\S*$/.test(before)) {
      const profiles = (await this.services.functionsTree.sources.profiles()).profiles;
      const values = [
        'local',
        ...profiles.map((profile) => (profile.region ? `${profile.name}/${profile.region}` : profile.name)),
        ...config.customEndpoints().map((endpoint) => `custom ${endpoint.name}`),
      ];
      return values.map((value) => new vscode.CompletionItem(value, vscode.CompletionItemKind.Value));
    }
    if (REQUEST_START.test(before))
      return this.functionNames(entry?.invocation?.connection ?? connectionOption(file, entry), token);
    return [];
  }

  private async functionNames(
    spec: ConnectionSpec | undefined,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionItem[]> {
    const choice = await connectionFor(this.services, spec);
    if (typeof choice === 'string') return [];
    const items: vscode.CompletionItem[] = [];
    try {
      const connection = await this.services.connections.resolve(choice);
      for await (const fn of this.sources.functions(connection)) {
        if (token.isCancellationRequested || items.length >= MAX_LISTED) break;
        const item = new vscode.CompletionItem(fn.FunctionName ?? '', vscode.CompletionItemKind.Function);
        item.detail = [fn.Runtime, fn.Description].filter(Boolean).join(' · ');
        items.push(item);
      }
    } catch (error) {
      this.services.log.debug(`Completion could not list functions: ${String(error)}`);
    }
    return items;
  }
}

/**
 * The `@connection` an invocation (or its file) names, read from its option lines, so completion works while the
 * invocation is still incomplete (and so unresolved). A value with `{{variables}}` is not guessed at.
 */
function connectionOption(file: LoadedInvocationFile, entry: FileInvocation | undefined): ConnectionSpec | undefined {
  const lines = [...file.syntax.options, ...(entry?.block.options ?? [])].filter(
    (line) => line.key.text.toLowerCase() === 'connection',
  );
  const value = lines.at(-1)?.value.text.trim();
  return value && !value.includes('{{') ? parseConnection(value) : undefined;
}

/** The hover on request lines and `{{variables}}`. */
export class InvocationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly files: InvocationFiles) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!InvocationFiles.isInvocationFile(document)) return undefined;
    const file = this.files.read(document);
    const offset = document.offsetAt(position);
    const entry = invocationAt(file, offset);
    if (!entry?.block.request) return undefined;
    const request = entry.block.request;
    const start = request.kind === 'invoke' ? request.keyword.offset : request.method.offset;
    const line = document.positionAt(start).line;
    if (position.line !== line) return undefined;
    const markdown = new vscode.MarkdownString();
    if (!entry.invocation) {
      markdown.appendMarkdown(`**${escape(entry.block.name)}** has problems and is not sent:\n\n`);
      for (const problem of entry.problems.filter((item) => item.severity === 'error').slice(0, 5))
        markdown.appendMarkdown(`- ${escape(problem.message)}\n`);
      return new vscode.Hover(markdown, document.lineAt(line).range);
    }
    const invocation = entry.invocation;
    const mask = (text: string) =>
      invocation.secrets.reduce(
        (masked, secret) => masked.split(secret.value).join(`•••• ($env ${secret.name})`),
        text,
      );
    const target =
      invocation.url ?? `${invocation.functionName}${invocation.qualifier ? `:${invocation.qualifier}` : ''}`;
    const facts = [
      `**${escape(invocation.name)}** — ${invocation.kind === 'url' ? `${invocation.urlRequest!.method} function URL of` : invocation.options.buffered ? 'Invoke (buffered)' : 'InvokeWithResponseStream'} \`${target}\``,
      `connection: ${invocation.connection ? escape(JSON.stringify(invocation.connection)) : 'the current one'}${this.files.environment ? ` · environment ${escape(this.files.environment)}` : ''}`,
    ];
    const options = invocation.options;
    const flags = [
      options.dryRun ? 'dry run' : '',
      options.logTail ? 'log tail' : 'no log tail',
      options.tenantId ? `tenant ${options.tenantId}` : '',
      options.clientContext ? 'client context' : '',
      options.authType ? `auth ${options.authType}` : '',
    ].filter(Boolean);
    facts.push(flags.join(' · '));
    markdown.appendMarkdown(facts.join('\n\n'));
    const body =
      invocation.kind === 'url'
        ? [
            `${invocation.urlRequest!.method} ${invocation.urlRequest!.path || '/'}`,
            ...Object.entries(invocation.urlRequest!.headers).map(([name, value]) => `${name}: ${value}`),
            '',
            Buffer.from(invocation.urlRequest!.body ?? []).toString('utf8'),
          ].join('\n')
        : Buffer.from(invocation.payload ?? []).toString('utf8');
    const shown =
      body.length > 2_000 ? `${body.slice(0, 2_000)}\n… (${body.length.toLocaleString('en-US')} characters)` : body;
    markdown.appendCodeblock(mask(shown), invocation.kind === 'url' ? 'http' : 'json');
    markdown.appendMarkdown(`\n\n${escape(invocation.payloadLabel)}`);
    return new vscode.Hover(markdown, document.lineAt(line).range);
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
