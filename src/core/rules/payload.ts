/**
 * Payload checks before anything is sent: the text must be JSON (Lambda rejects anything else with
 * InvalidRequestContentException) and the bytes must fit the 6 MB request limit. Problems carry exact positions
 * (zero-based offset and length in UTF-16 code units for editors, one-based line and column for people).
 */
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { MAX_SYNC_PAYLOAD_BYTES } from './names';

/** Lambda's synchronous request limit: 6 MB (6,291,456 bytes). */
export const MAX_PAYLOAD_BYTES = MAX_SYNC_PAYLOAD_BYTES;

/** One problem in a payload. */
export interface PayloadProblem {
  /** `jsonc-parser`'s error name (`InvalidSymbol`, `CommaExpected`, …), `PayloadTooLarge` or `InvalidUtf8`. */
  readonly code: string;
  /** One sentence naming the position, e.g. "Line 3, column 7: a comma is missing." */
  readonly message: string;
  /** Zero-based offset and length in the text (UTF-16 code units). */
  readonly offset: number;
  readonly length: number;
  /** One-based. */
  readonly line: number;
  readonly column: number;
}

/** A checked payload, ready to send. */
export type ParsedPayload =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly empty: boolean; readonly value: unknown }
  | { readonly ok: false; readonly problems: readonly PayloadProblem[]; readonly byteLength: number };

const DESCRIPTIONS: Record<string, string> = {
  InvalidSymbol: 'this character is not valid JSON here',
  InvalidNumberFormat: 'the number is malformed',
  PropertyNameExpected: 'a property name in double quotes is expected (a trailing comma?)',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is missing',
  CloseBraceExpected: 'a closing brace } is missing',
  CloseBracketExpected: 'a closing bracket ] is missing',
  EndOfFileExpected: 'there is more text after the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidUnicode: 'the \\u escape is malformed',
  InvalidEscapeCharacter: 'the escape sequence is not valid JSON',
  InvalidCharacter: 'this control character must be escaped',
};

/**
 * Checks a payload. Blank text (or no bytes) is a valid empty payload, which Lambda passes to the function as `{}`.
 * Bytes are decoded as UTF-8 first; the bytes sent are exactly the bytes given (text is encoded as UTF-8).
 */
export function parsePayload(input: string | Uint8Array): ParsedPayload {
  let text: string;
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    text = input;
    bytes = Buffer.from(input, 'utf8');
  } else {
    bytes = input;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      return {
        ok: false,
        byteLength: bytes.byteLength,
        problems: [problem('', 'InvalidUtf8', 0, 0, 'the payload is not valid UTF-8 text')],
      };
    }
  }
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) {
    const message = `the payload is ${bytes.byteLength} bytes, over Lambda's limit of ${MAX_PAYLOAD_BYTES} bytes (6 MB)`;
    return { ok: false, byteLength: bytes.byteLength, problems: [problem(text, 'PayloadTooLarge', 0, 0, message)] };
  }
  if (text.trim() === '') return { ok: true, bytes: new Uint8Array(0), empty: true, value: undefined };
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const code = printParseErrorCode(error.error);
      const description =
        text.charCodeAt(error.offset) === 0xfeff && error.offset === 0
          ? 'the text starts with a byte order mark; save it as UTF-8 without BOM'
          : (DESCRIPTIONS[code] ?? code);
      return problem(text, code, error.offset, error.length, description);
    });
    return { ok: false, byteLength: bytes.byteLength, problems };
  }
  return { ok: true, bytes, empty: false, value };
}

/**
 * What a file's bytes are before they are taken as a payload: `text` (UTF-8, or UTF-16 with its byte order mark, which
 * editors decode), `binary` (a NUL byte, the way VS Code and git tell binary files: images, archives, executables) or
 * `not-utf8` (text in another encoding, such as Latin-1, whose characters would arrive garbled).
 */
export type PayloadFileKind = 'text' | 'binary' | 'not-utf8';

/** Tells a payload file's bytes apart (see {@link PayloadFileKind}); reads the whole file, which a payload's 6 MB allows. */
export function classifyPayloadBytes(bytes: Uint8Array): PayloadFileKind {
  const utf16 =
    bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) return 'text';
  if (bytes.includes(0)) return 'binary';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'text';
  } catch {
    return 'not-utf8';
  }
}

/** One-based line and column of a zero-based offset (`\r\n`, `\n` and `\r` all end a line). */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x0a || (char === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function problem(text: string, code: string, offset: number, length: number, description: string): PayloadProblem {
  const { line, column } = positionAt(text, offset);
  return { code, offset, length, line, column, message: `Line ${line}, column ${column}: ${description}.` };
}
