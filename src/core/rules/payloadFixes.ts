/**
 * The mechanical repairs for a payload that is almost JSON: trailing commas, comments, and plain text that should be
 * a JSON string. Each is computed from jsonc-parser's scanner (never by regular expressions, which cannot tell a
 * comma or `//` inside a string from a real one) and returned as minimal edits, so applying one keeps the rest of
 * the file, the cursor and the undo history intact. Plain Node: the quick fixes and the unit tests share it.
 */
import { createScanner } from 'jsonc-parser';

/** One replacement in the text: `length` characters at `offset` become `content` (UTF-16 offsets, like editors). */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

/** A token of the payload: jsonc-parser's `SyntaxKind` number, where it is, and how long. */
export interface PayloadToken {
  readonly kind: number;
  readonly offset: number;
  readonly length: number;
}

/** jsonc-parser's `SyntaxKind` values this module reads (its enum is `const`, which isolated modules cannot import). */
export const TokenKind = {
  openBrace: 1,
  closeBrace: 2,
  openBracket: 3,
  closeBracket: 4,
  comma: 5,
  string: 10,
  lineComment: 12,
  blockComment: 13,
  lineBreak: 14,
  whitespace: 15,
  eof: 17,
} as const;

/** Every token of `text`, comments and whitespace included, in order. */
export function tokenize(text: string): PayloadToken[] {
  const scanner = createScanner(text, false);
  const tokens: PayloadToken[] = [];
  for (let kind: number = scanner.scan(); kind !== TokenKind.eof; kind = scanner.scan()) {
    tokens.push({ kind, offset: scanner.getTokenOffset(), length: scanner.getTokenLength() });
  }
  return tokens;
}

/** True for whitespace, line breaks and comments: what JSON's grammar skips (comments only in JSONC). */
export function isTrivia(kind: number): boolean {
  return (
    kind === TokenKind.whitespace ||
    kind === TokenKind.lineBreak ||
    kind === TokenKind.lineComment ||
    kind === TokenKind.blockComment
  );
}

/** The commas that stand right before a `}` or `]` (with only whitespace or comments between). */
export function trailingCommas(tokens: readonly PayloadToken[]): PayloadToken[] {
  const found: PayloadToken[] = [];
  let lastComma: PayloadToken | undefined;
  for (const token of tokens) {
    if (isTrivia(token.kind)) continue;
    if (lastComma && (token.kind === TokenKind.closeBrace || token.kind === TokenKind.closeBracket))
      found.push(lastComma);
    lastComma = token.kind === TokenKind.comma ? token : undefined;
  }
  return found;
}

/** The `//` and `/* *\/` comments. */
export function comments(tokens: readonly PayloadToken[]): PayloadToken[] {
  return tokens.filter((token) => token.kind === TokenKind.lineComment || token.kind === TokenKind.blockComment);
}

/** Edits that delete every trailing comma. */
export function removeTrailingCommas(text: string): TextEdit[] {
  return trailingCommas(tokenize(text)).map((comma) => ({ offset: comma.offset, length: comma.length, content: '' }));
}

/**
 * Edits that delete every comment. A comment alone on its line goes with its line; a comment after a value takes
 * the spaces before it along, so no trailing whitespace is left behind.
 */
export function removeComments(text: string): TextEdit[] {
  return comments(tokenize(text)).map((comment) => {
    let start = comment.offset;
    let end = comment.offset + comment.length;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    const lineStart = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
    if (lineStart) {
      let after = end;
      while (text[after] === ' ' || text[after] === '\t') after++;
      if (text.startsWith('\r\n', after)) end = after + 2;
      else if (text[after] === '\n' || text[after] === '\r') end = after + 1;
    }
    return { offset: start, length: end - start, content: '' };
  });
}

/** The edit that turns the whole text into one JSON string holding it (a final line break stays outside). */
export function wrapAsJsonString(text: string): TextEdit[] {
  const ending = /\r?\n$/.exec(text)?.[0] ?? '';
  const body = text.slice(0, text.length - ending.length);
  return [{ offset: 0, length: body.length, content: JSON.stringify(body) }];
}

/** Applies non-overlapping edits (in any order) to `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  }
  return result;
}
