/**
 * The text of one live response document, built from an invocation's events without any VS Code: a header naming
 * the invocation (and the HTTP prelude, when the function sent one), the function's output as text, then the
 * outcome. The annotations are written as comments of the detected language, so a JSON body stays JSON with
 * comments and keeps its highlighting.
 *
 * Memory stays bounded: at most `maxBodyBytes` of output are held (beyond that the text stops growing and says where
 * it stopped); binary output is never held as text, only counted. Render as often as the UI wants; pair with
 * {@link UpdateBatcher} to decide when.
 */
import type { ChunkEvent, InvokeEvent, InvokeLog, StartedEvent } from '../engine/events';
import { formatBytes } from '../engine/metrics';
import {
  detectResponseLanguage,
  isGenericContentType,
  type LanguageGuess,
  type ResponseLanguage,
  SNIFF_CHARS,
} from './responseLanguage';
import {
  footerLines,
  headerLine,
  type InvocationDescription,
  type InvocationOutcome,
  logLines,
  preludeContentType,
  preludeLines,
} from './responseSummary';

/** The default cap on output held as text: 50 MB. */
export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Limits and wording for one response text. */
export interface ResponseTextOptions {
  /** Output bytes held as text at most; beyond, the text stops growing and says so. */
  readonly maxBodyBytes?: number;
  /** The action that writes the full output to a file, as the notes name it (e.g. `"Save Output As…" (editor title)`). */
  readonly saveHint?: string;
}

/** The model behind one live response document: takes events, renders the whole text on demand. */
export class ResponseText {
  private readonly maxBodyBytes: number;
  private readonly saveHint: string;
  private pieces: string[] = [];
  private body = '';
  private sniffed = '';
  private guess: LanguageGuess = { language: 'plaintext', certain: false };
  private guessStale = true;
  private started: StartedEvent | undefined;
  private preludeHeader: string[] = [];
  private preludeType: string | undefined;
  private bodyBytes = 0;
  private bodyChars = 0;
  private outputBytes = 0;
  private binary = false;
  private truncatedAtLine: number | undefined;
  private footer: string[] = [];
  private revisionCount = 0;

  constructor(
    private readonly description: InvocationDescription,
    options: ResponseTextOptions = {},
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.saveHint = options.saveHint ?? 'Save Output As…';
  }

  /** Increases with every change that alters `render()`; compare to skip needless updates. */
  get revision(): number {
    return this.revisionCount;
  }

  /** The language to show the document in (re-detected while uncertain). */
  get language(): ResponseLanguage {
    return this.currentGuess().language;
  }

  /** The function's output held as text (without annotations). */
  get bodyText(): string {
    this.join();
    return this.body;
  }

  /** Length of the output held as text, in UTF-16 code units (what a re-render costs). */
  get bodyCharacters(): number {
    return this.bodyChars;
  }

  /** True once the output turned out to be binary. */
  get isBinary(): boolean {
    return this.binary;
  }

  /** True once the cap cut the text short. */
  get isTruncated(): boolean {
    return this.truncatedAtLine !== undefined;
  }

  /** True once the outcome is known. */
  get isFinished(): boolean {
    return this.footer.length > 0;
  }

  /** Takes the next event of the invocation. */
  apply(event: InvokeEvent): void {
    switch (event.type) {
      case 'started':
        this.started = event;
        break;
      case 'httpPrelude':
        this.preludeHeader = preludeLines(event);
        this.preludeType = preludeContentType(event);
        break;
      case 'chunk':
        // Past the cap the text no longer changes while the output streams on: no revision, so no re-send of a
        // document that may be 50 MB for a counter (the progress shows the bytes; the end note gives the total).
        if (!this.append(event)) return;
        break;
      case 'complete':
        this.finish({ kind: 'completed', complete: event }, event.log);
        return;
    }
    this.changed();
  }

  /** Records the outcome (and the log tail, shown in its own block). */
  finish(outcome: InvocationOutcome, log?: InvokeLog): void {
    this.footer = [...footerLines(outcome, this.started), ...(log ? logLines(log) : [])];
    this.changed();
  }

  /** The whole document text. */
  render(): string {
    this.join();
    const language = this.language;
    const header = annotate([headerLine(this.description), ...this.preludeHeader], language);
    const notes: string[] = [];
    if (this.binary) {
      const declared = this.preludeType ?? this.started?.contentType;
      const type = isGenericContentType(declared) ? undefined : declared;
      notes.push(
        `── binary output: ${this.outputBytes.toLocaleString('en-US')} bytes${type ? ` (${type})` : ''}, not shown as text. ${this.saveHint} writes the bytes exactly.`,
      );
    }
    if (this.truncatedAtLine !== undefined) {
      const where = `── the document stops here, at ${formatBytes(this.bodyBytes)} (line ${this.truncatedAtLine.toLocaleString('en-US')})`;
      notes.push(
        this.isFinished
          ? `${where} of ${this.outputBytes.toLocaleString('en-US')} bytes. ${this.saveHint} writes the full output to a file.`
          : `${where}; the rest of the output goes on into its file. ${this.saveHint} writes the full output to a file.`,
      );
    }
    if (this.footer.length === 0 && notes.length === 0) return header + this.body;
    const separator = this.body === '' || this.body.endsWith('\n') ? '' : '\n';
    return header + this.body + separator + annotate([...notes, ...this.footer], language);
  }

  /** Takes a chunk; false when the rendered text stays the same until the end (the cap was reached before it). */
  private append(chunk: ChunkEvent): boolean {
    this.outputBytes = chunk.offset + chunk.bytes.byteLength;
    if (this.truncatedAtLine !== undefined) return false;
    if (this.binary) return true;
    if (chunk.text === undefined) {
      this.binary = true;
      return true;
    }
    let text = chunk.text;
    let bytes = chunk.bytes.byteLength;
    if (this.bodyBytes + bytes > this.maxBodyBytes) {
      text = utf8Prefix(text, this.maxBodyBytes - this.bodyBytes);
      bytes = Buffer.byteLength(text, 'utf8');
      this.pieces.push(text);
      this.bodyBytes += bytes;
      this.bodyChars += text.length;
      this.join();
      this.truncatedAtLine = countLines(this.body);
      return true;
    }
    this.pieces.push(text);
    this.bodyBytes += bytes;
    this.bodyChars += text.length;
    if (this.sniffed.length < SNIFF_CHARS) {
      this.sniffed += text.slice(0, SNIFF_CHARS - this.sniffed.length);
      this.guessStale = true;
    }
    return true;
  }

  private currentGuess(): LanguageGuess {
    if (this.guessStale && !this.guess.certain) {
      this.guess = detectResponseLanguage(this.preludeType ?? this.started?.contentType, this.sniffed, this.isFinished);
    }
    this.guessStale = false;
    return this.guess;
  }

  private changed(): void {
    this.guessStale = true;
    this.revisionCount++;
  }

  private join(): void {
    if (this.pieces.length === 0) return;
    this.body += this.pieces.join('');
    this.pieces = [];
  }
}

/** Annotation lines as comments of the language, each ending with a newline. */
export function annotate(lines: readonly string[], language: ResponseLanguage): string {
  if (lines.length === 0) return '';
  if (language === 'html' || language === 'markdown' || language === 'xml') {
    return lines.map((line) => `<!-- ${line.replace(/--/g, '‐‐')} -->\n`).join('');
  }
  return lines.map((line) => `// ${line}\n`).join('');
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a surrogate pair. */
export function utf8Prefix(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  let prefix = text.slice(0, maxBytes);
  let excess = Buffer.byteLength(prefix, 'utf8') - maxBytes;
  while (excess > 0) {
    prefix = prefix.slice(0, prefix.length - Math.max(1, Math.floor(excess / 3)));
    excess = Buffer.byteLength(prefix, 'utf8') - maxBytes;
  }
  const last = prefix.charCodeAt(prefix.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? prefix.slice(0, -1) : prefix;
}

function countLines(text: string): number {
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}
