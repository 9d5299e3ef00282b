/**
 * The text of one live response document, built from an invocation's events without any VS Code: a header naming
 * the invocation (and the HTTP prelude, when the function sent one), the function's output as text, then the
 * outcome. The annotations are written as comments of the detected language, so a JSON body stays JSON with
 * comments and keeps its highlighting.
 *
 * The output is held as its UTF-8 bytes in one store, with room before it for the header and after it for the
 * notes, so `renderBytes()` is one view of that store: a refresh copies nothing and makes no string (a live document
 * of 50 MB used to be rebuilt as a new 50 MB string for every refresh). Large chunks' texts are never made.
 *
 * Memory stays bounded: at most `maxBodyBytes` of output are held (beyond that the text stops growing and says where
 * it stopped); binary output is never held as text, only counted. Render as often as the UI wants; pair with
 * {@link UpdateBatcher} to decide when.
 */
import { type ChunkEvent, chunkHasText, type InvokeEvent, type InvokeLog, type StartedEvent } from '../engine/events';
import { isAscii } from 'node:buffer';
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

/** Bytes kept free before the output for the header, and after it for the notes and the footer. */
const HEADER_ROOM = 8 * 1024;
const TAIL_ROOM = 16 * 1024;
/** The store starts with room for this much output and doubles as it fills, up to the cap. */
const FIRST_CAPACITY = 64 * 1024;
const NEWLINE = 0x0a;

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
  /** HEADER_ROOM, then `bodyBytes` of output, then at least TAIL_ROOM. */
  private store = Buffer.allocUnsafe(HEADER_ROOM + FIRST_CAPACITY + TAIL_ROOM);
  private sniffed = '';
  private guess: LanguageGuess = { language: 'plaintext', certain: false };
  private guessStale = true;
  private started: StartedEvent | undefined;
  private preludeHeader: string[] = [];
  private preludeType: string | undefined;
  private bodyBytes = 0;
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
    return this.store.toString('utf8', HEADER_ROOM, HEADER_ROOM + this.bodyBytes);
  }

  /** UTF-8 bytes of the output held as text (what a refresh re-sends). */
  get bodyLength(): number {
    return this.bodyBytes;
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
    const body = this.store.subarray(HEADER_ROOM, HEADER_ROOM + this.bodyBytes);
    // Most output is ASCII, which decodes several times faster as latin1 (the same characters for those bytes).
    return this.headerText() + body.toString(isAscii(body) ? 'latin1' : 'utf8') + this.tailText();
  }

  /**
   * The whole document as UTF-8. Usually a view of the model's own store, valid until the next event is applied:
   * read or copy it at once (a file system provider's `readFile` reply is serialised before anything else runs).
   */
  renderBytes(): Uint8Array {
    const header = Buffer.from(this.headerText(), 'utf8');
    const tail = Buffer.from(this.tailText(), 'utf8');
    const end = HEADER_ROOM + this.bodyBytes;
    if (header.byteLength > HEADER_ROOM || end + tail.byteLength > this.store.byteLength) {
      return Buffer.concat([header, this.store.subarray(HEADER_ROOM, end), tail]);
    }
    header.copy(this.store, HEADER_ROOM - header.byteLength);
    tail.copy(this.store, end);
    return this.store.subarray(HEADER_ROOM - header.byteLength, end + tail.byteLength);
  }

  private headerText(): string {
    return annotate([headerLine(this.description), ...this.preludeHeader], this.language);
  }

  /** The notes and the footer, after a line break when the output does not end with one. */
  private tailText(): string {
    const language = this.language;
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
    if (this.footer.length === 0 && notes.length === 0) return '';
    const endsLine = this.bodyBytes === 0 || this.store[HEADER_ROOM + this.bodyBytes - 1] === NEWLINE;
    return (endsLine ? '' : '\n') + annotate([...notes, ...this.footer], language);
  }

  /** Takes a chunk; false when the rendered text stays the same until the end (the cap was reached before it). */
  private append(chunk: ChunkEvent): boolean {
    this.outputBytes = chunk.offset + chunk.bytes.byteLength;
    if (this.truncatedAtLine !== undefined) return false;
    if (this.binary) return true;
    if (!chunkHasText(chunk)) {
      this.binary = true;
      return true;
    }
    // The bytes as they came: a character split across chunks is whole again once they are joined, and an output
    // cut inside one decodes to U+FFFD at its end, which is the text the engine's last, byte-less chunk carries.
    let bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
    const room = this.maxBodyBytes - this.bodyBytes;
    const cut = bytes.byteLength > room;
    if (cut) bytes = bytes.subarray(0, characterBoundary(bytes, room));
    this.sniff(chunk, bytes);
    this.reserve(bytes.byteLength);
    bytes.copy(this.store, HEADER_ROOM + this.bodyBytes);
    this.bodyBytes += bytes.byteLength;
    if (cut) this.truncatedAtLine = countLines(this.store.subarray(HEADER_ROOM, HEADER_ROOM + this.bodyBytes));
    return true;
  }

  /** Keeps the start of the output for language detection (the short chunks' texts exist already). */
  private sniff(chunk: ChunkEvent, bytes: Buffer): void {
    const wanted = SNIFF_CHARS - this.sniffed.length;
    if (wanted <= 0) return;
    const text =
      bytes.byteLength < 4 * wanted && bytes.byteLength === chunk.bytes.byteLength
        ? (chunk.text ?? '')
        : bytes.toString('utf8', 0, Math.min(bytes.byteLength, 4 * wanted));
    this.sniffed += text.slice(0, wanted);
    this.guessStale = true;
  }

  /** Grows the store (doubling, never past the cap) so that `more` bytes of output fit before the tail room. */
  private reserve(more: number): void {
    const needed = HEADER_ROOM + this.bodyBytes + more + TAIL_ROOM;
    if (needed <= this.store.byteLength) return;
    const capacity = Math.min(
      Math.max(needed - HEADER_ROOM - TAIL_ROOM, 2 * (this.store.byteLength - HEADER_ROOM - TAIL_ROOM)),
      this.maxBodyBytes,
    );
    const grown = Buffer.allocUnsafe(HEADER_ROOM + capacity + TAIL_ROOM);
    this.store.copy(grown, HEADER_ROOM, HEADER_ROOM, HEADER_ROOM + this.bodyBytes);
    this.store = grown;
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

/** The longest prefix of `bytes`, at most `maxBytes` long, that does not end inside a UTF-8 character. */
function characterBoundary(bytes: Uint8Array, maxBytes: number): number {
  let end = Math.max(0, Math.min(maxBytes, bytes.byteLength));
  if (end === bytes.byteLength) return end;
  // bytes[end] starts the part left out: back off while it continues the character before it.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return end;
}

function countLines(bytes: Buffer): number {
  let lines = 1;
  for (let index = bytes.indexOf(NEWLINE); index !== -1; index = bytes.indexOf(NEWLINE, index + 1)) lines++;
  return lines;
}
