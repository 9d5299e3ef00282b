/**
 * The syntax of an invocation file (`*.invoke`): several named invocations in one text file, separated as `.http`
 * files separate requests.
 *
 * ```
 * @prompt = Why stream?                 file variables: `@name = value`
 * # @connection local                  options before the first `###` apply to every invocation
 *
 * ### Ask for tokens                   `###` starts an invocation; the rest of the line names it
 * # @qualifier live                    options: `# @key value` (or `// @key value`)
 * # @log tail
 * INVOKE token-stream                  INVOKE <function | ARN | name:alias>
 * { "prompt": "{{prompt}}" }           the payload: JSON (variables allowed), or `< ./payloads/file.json`
 *
 * ### Through its URL
 * POST sse-events /chat?lang=en        a function URL: METHOD <function | https://…> [path]
 * accept: text/event-stream            headers, up to the first blank line
 *
 * { "prompt": "{{prompt}}" }           the body
 * ```
 *
 * Parsing never throws: what it cannot read is a problem with its offset, and the rest is still read. Offsets are
 * zero-based UTF-16 offsets into the file's text, so an editor places them exactly.
 */

/** A piece of the file's text and where it is. */
export interface Spanned {
  readonly text: string;
  readonly offset: number;
}

/** `@name = value`. */
export interface VariableDefinition {
  readonly name: Spanned;
  readonly value: Spanned;
}

/** `# @key value` (the value may be empty). */
export interface OptionLine {
  readonly key: Spanned;
  readonly value: Spanned;
}

/** `INVOKE <target>`: InvokeWithResponseStream (or Invoke with `@buffered`). */
export interface InvokeRequestLine {
  readonly kind: 'invoke';
  readonly keyword: Spanned;
  readonly target: Spanned;
}

/** `METHOD <target> [path]`: a request to the target's function URL. */
export interface UrlRequestLine {
  readonly kind: 'url';
  readonly method: Spanned;
  readonly target: Spanned;
  readonly path?: Spanned;
}

/** `Name: value` under a URL request line. */
export interface HeaderLine {
  readonly name: Spanned;
  readonly value: Spanned;
}

/** The payload or body: inline text, or `< path` naming a file beside the invocation file. */
export type BodySource =
  { readonly kind: 'inline'; readonly text: Spanned } | { readonly kind: 'file'; readonly path: Spanned };

/** One `###` section. */
export interface InvocationBlock {
  /** The name after `###`, or `#N` (its one-based number) when there is none. */
  readonly name: string;
  /** The `###` line (offset of its first character); for the first block without a separator, its first line. */
  readonly offset: number;
  /** Where the block ends (the next `###` or the end of the file). */
  readonly end: number;
  readonly index: number;
  readonly variables: readonly VariableDefinition[];
  readonly options: readonly OptionLine[];
  readonly request?: InvokeRequestLine | UrlRequestLine;
  readonly headers: readonly HeaderLine[];
  readonly body?: BodySource;
}

/** A problem the parser found. */
export interface SyntaxProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/** A parsed file. */
export interface InvocationFileSyntax {
  /** File variables, in order (before the first `###`). */
  readonly variables: readonly VariableDefinition[];
  /** File options (before the first `###`): defaults for every invocation. */
  readonly options: readonly OptionLine[];
  readonly blocks: readonly InvocationBlock[];
  readonly problems: readonly SyntaxProblem[];
}

/** The HTTP methods a function URL request line may start with. */
export const URL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const SEPARATOR = /^###(.*)$/;
const VARIABLE = /^@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/;
const OPTION = /^(?:#|\/\/)\s*@([A-Za-z][\w-]*)(?:\s+(.*?))?\s*$/;
const COMMENT = /^(?:#|\/\/)/;
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*?)\s*$/;
const FILE_REFERENCE = /^<\s+(.+?)\s*$/;

interface Line {
  readonly text: string;
  readonly offset: number;
}

/** Parses an invocation file. */
export function parseInvocationFile(source: string): InvocationFileSyntax {
  const lines = splitLines(source);
  const problems: SyntaxProblem[] = [];
  const file = { variables: [] as VariableDefinition[], options: [] as OptionLine[] };
  const sections: { header?: Line; lines: Line[] }[] = [{ lines: [] }];
  for (const line of lines) {
    if (SEPARATOR.test(line.text)) sections.push({ header: line, lines: [] });
    else sections[sections.length - 1].lines.push(line);
  }
  const [prelude, ...rest] = sections;
  // Text before the first `###` is the file's own part unless it holds a request: a file of one invocation needs none.
  const preludeHasRequest = prelude.lines.some((line) => requestKind(line.text) !== undefined);
  const blockSections = preludeHasRequest ? sections : rest;
  if (!preludeHasRequest) {
    for (const line of prelude.lines) {
      const text = line.text.trim();
      if (text === '') continue;
      const variable = readVariable(line);
      if (variable) file.variables.push(variable);
      else if (OPTION.test(text)) file.options.push(readOption(line)!);
      else if (!COMMENT.test(text))
        problems.push({
          offset: line.offset,
          length: line.text.length,
          message: 'Before the first ###, only @name = value variables, # @option lines and comments may appear.',
        });
    }
  }
  const blocks = blockSections.map((section, index) => {
    const end = section === sections.at(-1) ? source.length : sectionEnd(sections, section);
    return parseBlock(source, section, index, end, problems);
  });
  return { ...file, blocks, problems };
}

function sectionEnd(sections: { header?: Line; lines: Line[] }[], section: { header?: Line; lines: Line[] }): number {
  const next = sections[sections.indexOf(section) + 1];
  return next?.header?.offset ?? next?.lines[0]?.offset ?? 0;
}

function parseBlock(
  source: string,
  section: { header?: Line; lines: Line[] },
  index: number,
  end: number,
  problems: SyntaxProblem[],
): InvocationBlock {
  const named = section.header ? SEPARATOR.exec(section.header.text)![1].trim() : '';
  const variables: VariableDefinition[] = [];
  const options: OptionLine[] = [];
  const headers: HeaderLine[] = [];
  let request: InvokeRequestLine | UrlRequestLine | undefined;
  let body: BodySource | undefined;
  const lines = section.lines;
  let badRequestLine = false;
  let at = 0;
  for (; at < lines.length && !request; at++) {
    const line = lines[at];
    const text = line.text.trim();
    if (text === '') continue;
    const variable = readVariable(line);
    if (variable) {
      variables.push(variable);
      continue;
    }
    if (OPTION.test(text)) {
      options.push(readOption(line)!);
      continue;
    }
    if (COMMENT.test(text)) continue;
    request = readRequest(line, problems);
    if (!request) {
      badRequestLine = true;
      break;
    }
  }
  if (request?.kind === 'url') {
    for (; at < lines.length; at++) {
      const text = lines[at].text.trim();
      if (text === '') {
        at++;
        break;
      }
      if (COMMENT.test(text)) continue;
      const header = HEADER.exec(lines[at].text.trimEnd());
      if (!header || /^[[{"<]/.test(text)) break;
      const nameOffset = lines[at].offset + lines[at].text.indexOf(header[1]);
      const valueOffset = lines[at].offset + lines[at].text.lastIndexOf(header[2] || ':') + (header[2] ? 0 : 1);
      headers.push({ name: { text: header[1], offset: nameOffset }, value: { text: header[2], offset: valueOffset } });
    }
  }
  if (request) body = readBody(source, lines.slice(at), problems);
  else if (!badRequestLine)
    problems.push({
      offset: section.header?.offset ?? lines[0]?.offset ?? 0,
      length: section.header?.text.length ?? 0,
      message:
        'This invocation has no request line: add INVOKE <function> or a method and a function URL (POST <function>).',
    });
  return {
    name: named || `#${index + 1}`,
    offset: section.header?.offset ?? lines[0]?.offset ?? 0,
    end,
    index,
    variables,
    options,
    request,
    headers,
    body,
  };
}

function readVariable(line: Line): VariableDefinition | undefined {
  const match = VARIABLE.exec(line.text.trim());
  if (!match) return undefined;
  const lead = line.text.length - line.text.trimStart().length;
  const nameOffset = line.offset + lead + 1;
  const valueStart = line.text.indexOf('=', lead) + 1;
  const valueOffset =
    line.offset + valueStart + (line.text.slice(valueStart).length - line.text.slice(valueStart).trimStart().length);
  return { name: { text: match[1], offset: nameOffset }, value: { text: match[2], offset: valueOffset } };
}

function readOption(line: Line): OptionLine | undefined {
  const match = OPTION.exec(line.text.trim());
  if (!match) return undefined;
  const keyOffset = line.offset + line.text.indexOf(`@${match[1]}`) + 1;
  const value = match[2] ?? '';
  const valueOffset = value
    ? line.offset + line.text.indexOf(value, keyOffset - line.offset + match[1].length)
    : keyOffset + match[1].length;
  return { key: { text: match[1], offset: keyOffset }, value: { text: value, offset: valueOffset } };
}

/** `invoke`, `url` or undefined for a line that is not a request line. */
function requestKind(text: string): 'invoke' | 'url' | undefined {
  const word = /^\s*([A-Za-z]+)\s+\S/.exec(text)?.[1];
  if (word === 'INVOKE') return 'invoke';
  return word && (URL_METHODS as readonly string[]).includes(word) ? 'url' : undefined;
}

function readRequest(line: Line, problems: SyntaxProblem[]): InvokeRequestLine | UrlRequestLine | undefined {
  const words = [...line.text.matchAll(/\S+/g)].map((match) => ({ text: match[0], offset: line.offset + match.index }));
  const kind = requestKind(line.text);
  if (!kind) {
    problems.push({
      offset: line.offset,
      length: line.text.length,
      message: `Expected a request line: INVOKE <function>, or ${URL_METHODS.slice(0, 2).join('/')}… <function or URL> [path] for a function URL.`,
    });
    return undefined;
  }
  const [keyword, target, path, ...extra] = words;
  if (kind === 'invoke' && (path || extra.length > 0)) {
    const first = path ?? extra[0];
    problems.push({
      offset: first.offset,
      length: line.offset + line.text.trimEnd().length - first.offset,
      message:
        'INVOKE takes one target (a name, an ARN or name:alias); a path belongs to a function URL request (POST <function> /path).',
    });
  }
  if (kind === 'url' && extra.length > 0)
    problems.push({
      offset: extra[0].offset,
      length: extra.at(-1)!.offset + extra.at(-1)!.text.length - extra[0].offset,
      message: 'A function URL request line is METHOD <function or URL> [path]; remove what follows the path.',
    });
  if (kind === 'invoke') return { kind, keyword, target };
  return { kind, method: keyword, target, ...(path ? { path } : {}) };
}

function readBody(source: string, lines: Line[], problems: SyntaxProblem[]): BodySource | undefined {
  // Comments between the request line and the body are comments (JSON cannot start with # or //).
  const start = lines.findIndex((line) => line.text.trim() !== '' && !COMMENT.test(line.text.trim()));
  const content = start === -1 ? [] : lines.slice(start).filter((line) => line.text.trim() !== '');
  if (content.length === 0) return undefined;
  const first = content[0];
  const reference = FILE_REFERENCE.exec(first.text.trim());
  if (reference) {
    const lead = first.text.indexOf('<');
    const pathOffset = first.offset + first.text.indexOf(reference[1], lead + 1);
    const after = content.slice(1).find((line) => !COMMENT.test(line.text.trim()));
    if (after)
      problems.push({
        offset: after.offset,
        length: after.text.length,
        message:
          'A payload read from a file (< path) takes the whole body; move this text into that file or remove it.',
      });
    return { kind: 'file', path: { text: reference[1], offset: pathOffset } };
  }
  const last = content.at(-1)!;
  const endOffset = last.offset + last.text.length;
  return { kind: 'inline', text: { text: source.slice(first.offset, endOffset), offset: first.offset } };
}

/** Lines without their terminators, each with its offset (`\r\n`, `\n` and `\r` end a line). */
function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const pattern = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    lines.push({ text: source.slice(start, match.index), offset: start });
    start = match.index + match[0].length;
  }
  lines.push({ text: source.slice(start), offset: start });
  return lines;
}
