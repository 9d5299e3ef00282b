/**
 * Which language a streamed response is written in, so the live document can highlight it: from the content type
 * when it says something specific, else from the first few kilobytes of text. InvokeWithResponseStream reports
 * `application/vnd.amazon.eventstream` whatever the function set, so only an HTTP prelude's `Content-Type` is
 * specific, and sniffing is the common case.
 *
 * A guess is `certain` once more text could not change it; until then the caller re-detects as text arrives (a
 * single JSON line can turn out to be the first of many, i.e. JSON Lines).
 */

/** The languages a response is shown in. The VS Code layer maps them to language ids. */
export type ResponseLanguage = 'json' | 'jsonl' | 'html' | 'markdown' | 'xml' | 'plaintext';

/** A language and whether more text could change it. */
export interface LanguageGuess {
  readonly language: ResponseLanguage;
  /** False while more text could still change the guess. */
  readonly certain: boolean;
}

/** How much text the sniffer looks at; a guess made on this much text is final. */
export const SNIFF_CHARS = 4096;

/** Types that say nothing about the output: Lambda reports the event-stream type for every streamed response. */
const GENERIC_TYPES = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/vnd.amazon.eventstream',
  'application/vnd.awslambda.http-integration-response',
]);

/** True for a content type that says nothing about the output (none, octet-stream, the event-stream type). */
export function isGenericContentType(contentType: string | undefined): boolean {
  return GENERIC_TYPES.has((contentType ?? '').split(';', 1)[0].trim().toLowerCase());
}

/** The language a content type names, or undefined when it is generic (octet-stream, none) or unknown. */
export function languageFromContentType(contentType: string | undefined): ResponseLanguage | undefined {
  const type = (contentType ?? '').split(';', 1)[0].trim().toLowerCase();
  if (GENERIC_TYPES.has(type)) return undefined;
  if (/^application\/(x-)?(ndjson|jsonl|jsonlines|json-seq|x-jsonlines)$/.test(type)) return 'jsonl';
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  if (type.startsWith('text/')) return 'plaintext';
  return undefined;
}

/**
 * The language of a response. `sample` is the start of the text (at most {@link SNIFF_CHARS} are read);
 * `complete` says the output has ended, which makes any guess final.
 */
export function detectResponseLanguage(
  contentType: string | undefined,
  sample: string,
  complete: boolean,
): LanguageGuess {
  const declared = languageFromContentType(contentType);
  if (declared) return { language: declared, certain: true };
  const text = sample
    .slice(0, SNIFF_CHARS)
    .replace(/^\uFEFF/, '')
    .trimStart();
  const final = complete || sample.length >= SNIFF_CHARS;
  if (text === '') return { language: 'plaintext', certain: complete };
  if (text[0] === '{' || text[0] === '[') return sniffJson(text, final);
  if (/^<!doctype html|^<html[\s>]/i.test(text)) return { language: 'html', certain: true };
  if (/^<\?xml[\s?]/i.test(text)) return { language: 'xml', certain: true };
  if (/^<(!--|[a-z][a-z0-9]*[\s/>])/i.test(text)) return { language: 'html', certain: final };
  if (looksLikeMarkdown(text)) return { language: 'markdown', certain: true };
  return { language: 'plaintext', certain: final };
}

/** JSON unless the first line is a whole JSON value followed by another line: then JSON Lines. */
function sniffJson(text: string, final: boolean): LanguageGuess {
  const newline = text.indexOf('\n');
  if (newline === -1) return { language: 'json', certain: final };
  if (!parses(text.slice(0, newline))) return { language: 'json', certain: true };
  const rest = text.slice(newline + 1).trimStart();
  if (rest === '') return { language: 'json', certain: final };
  return { language: rest[0] === '{' || rest[0] === '[' ? 'jsonl' : 'json', certain: true };
}

function parses(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '') return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

/** Headings, fences, block quotes, lists, links or bold text at the start of a line. */
function looksLikeMarkdown(text: string): boolean {
  return (
    /^(#{1,6} \S|```|> \S|[-*+] \S.*\n[-*+] \S|\d+\. \S.*\n\d+\. \S)/m.test(text) ||
    /\*\*[^*\n]+\*\*|\[[^\]\n]+\]\(https?:[^)\s]+\)/.test(text)
  );
}
