/**
 * What is wrong with a payload's text, as editor diagnostics need it: a code that names the problem (the quick-fix
 * provider keys on it), one sentence, and the exact range. Built on the core's `parsePayload`, so the squiggles and
 * the check before sending can never disagree. A trailing comma is reported on the comma itself (the parser only
 * sees the `}` after it), and text that is not JSON at all is one problem, not one per word.
 * Depends on the core only (no `vscode`), so it is unit-tested in plain Node.
 */
import { MAX_PAYLOAD_BYTES, parsePayload, type PayloadProblem } from '../../core/rules/payload';
import { isTrivia, type PayloadToken, TokenKind, tokenize, trailingCommas } from '../../core/rules/payloadFixes';
import { PayloadDiagnosticCodes, type PayloadDiagnosticCode } from '../../constants';

/** One problem of a payload, positioned in UTF-16 offsets like the editor. */
export interface PayloadFinding {
  readonly code: PayloadDiagnosticCode;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** Reported problems per document at most: past the first few, a broken file only gets noisier. */
export const MAX_FINDINGS = 20;

/** The problems of a payload's text; empty when Lambda would accept it. */
export function findPayloadProblems(text: string): PayloadFinding[] {
  const parsed = parsePayload(text);
  if (parsed.ok) return [];
  const [first] = parsed.problems;
  if (first.code === 'PayloadTooLarge') {
    const message = `This payload is ${parsed.byteLength.toLocaleString('en-US')} bytes, over Lambda's 6 MB request limit (${MAX_PAYLOAD_BYTES.toLocaleString('en-US')} bytes); it cannot be sent.`;
    return [{ code: PayloadDiagnosticCodes.tooLarge, message, offset: 0, length: firstLineLength(text) }];
  }
  const tokens = tokenize(text);
  if (looksLikePlainText(tokens)) {
    const message =
      'This is plain text, not JSON; Lambda accepts only JSON payloads (a text payload must be a JSON string).';
    return [
      {
        code: PayloadDiagnosticCodes.plainText,
        message,
        offset: first.offset,
        length: Math.max(1, firstLineLength(text) - first.offset),
      },
    ];
  }
  const commas = new Set(trailingCommas(tokens).map((comma) => comma.offset));
  const findings: PayloadFinding[] = [];
  const reported = new Set<string>();
  for (const problem of parsed.problems) {
    const comma = commaBefore(tokens, problem.offset);
    if (comma && commas.has(comma.offset)) {
      if (reported.has(`comma@${comma.offset}`)) continue;
      reported.add(`comma@${comma.offset}`);
      findings.push({
        code: PayloadDiagnosticCodes.trailingComma,
        message: 'Trailing comma: JSON allows no comma before a closing } or ].',
        offset: comma.offset,
        length: 1,
      });
    } else if (problem.code === 'InvalidCommentToken') {
      findings.push({
        code: PayloadDiagnosticCodes.comment,
        message: 'Comments are not allowed in JSON; Lambda would reject this payload.',
        offset: problem.offset,
        length: Math.max(problem.length, 2),
      });
    } else {
      if (reported.has(`at@${problem.offset}`)) continue;
      findings.push({
        code: PayloadDiagnosticCodes.invalidJson,
        message: sentence(problem),
        offset: problem.offset,
        length: Math.max(problem.length, 1),
      });
    }
    reported.add(`at@${problem.offset}`);
    if (findings.length >= MAX_FINDINGS) break;
  }
  return findings;
}

/** The parser's description without the `Line N, column M:` prefix (the Problems panel shows the position). */
function sentence(problem: PayloadProblem): string {
  const text = problem.message.replace(/^Line \d+, column \d+: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Text whose first token is not `{`, `[` or a string (nor a comment) was not meant as JSON. */
function looksLikePlainText(tokens: readonly PayloadToken[]): boolean {
  const first = tokens.find((token) => token.kind !== TokenKind.whitespace && token.kind !== TokenKind.lineBreak);
  if (!first || isTrivia(first.kind)) return false;
  return first.kind !== TokenKind.openBrace && first.kind !== TokenKind.openBracket && first.kind !== TokenKind.string;
}

/** The significant token right before `offset`, if it is a comma. */
function commaBefore(tokens: readonly PayloadToken[], offset: number): PayloadToken | undefined {
  let previous: PayloadToken | undefined;
  for (const token of tokens) {
    if (token.offset >= offset) break;
    if (!isTrivia(token.kind)) previous = token;
  }
  return previous?.kind === TokenKind.comma ? previous : undefined;
}

function firstLineLength(text: string): number {
  const end = text.search(/\r|\n/);
  return end === -1 ? text.length : end;
}
