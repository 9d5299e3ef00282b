/**
 * The text of one live response document, built from an invocation's events without any VS Code: a header naming
 * the invocation (and the HTTP prelude, when the function sent one), the function's output as text, then the
 * outcome. The annotations are written as comments of the detected language, so a JSON body stays JSON with
 * comments and keeps its highlighting.
 *
 * The document is kept up to date by edits at its two ends, never by re-sending it whole: {@link update} says what
 * changed since the document last took an update: the header (rare: the prelude arrived, or the language and so the
 * comment syntax changed), and the end (the output that arrived since, then the notes and the footer, replacing the
 * notes and footer shown). Output the document has taken is not held here any more: VS Code's copy of the document
 * is the only one, so a 50 MB response costs this model only what arrived since the last update. The texts are the
 * ones the engine decoded for the chunks (a character split across chunks is whole in the later one); the model makes
 * no text of its own but the annotations.
 *
 * The cap still bounds what the document gets: at most `maxBodyBytes` of output (beyond that the text stops growing
 * and says where it stopped); binary output is never shown as text, only counted. Pair with {@link UpdateBatcher} to
 * decide when to update.
 */
import {
  type ChunkEvent,
  chunkByteLength,
  chunkHasText,
  type InvokeEvent,
  type InvokeLog,
  type StartedEvent,
} from '../engine/events';
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
  groupThousands,
  headerLine,
  type InvocationDescription,
  type InvocationOutcome,
  logLines,
  preludeContentType,
  preludeLines,
} from './responseSummary';

/** The default cap on output shown as text: 50 MB. */
export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * Past this much output waiting, the document is updated at once rather than at the next tick of the batcher: a
 * bound on what waits in memory for output faster than ~120 MB/s, high enough that 100,000 tiny chunks stay within
 * ~30 updates a second (`npm run bench`: at 1 MiB the tiny stream made 48 updates a second; at 4 MiB 23–26, with the
 * same peak RSS on 100 MiB of 64 KiB chunks, 146–150 MiB).
 */
export const UPDATE_NOW_CHARS = 4 * 1024 * 1024;

/** Limits and wording for one response text. */
export interface ResponseTextOptions {
  /** Output bytes shown as text at most; beyond, the text stops growing and says so. */
  readonly maxBodyBytes?: number;
  /** The action that writes the full output to a file, as the notes name it (e.g. `"Save Output As…" (editor title)`). */
  readonly saveHint?: string;
}

/**
 * The edits that bring a document showing the model's last taken state to its current one. Both touch only the
 * document's ends, so applying one costs the size of the new text, whatever the document's size.
 */
export interface DocumentUpdate {
  /** When the header changed: the header the document starts with now, and what replaces it. */
  readonly header?: { readonly shown: string; readonly text: string };
  /** What the document ends with now after the output (the notes and the footer; '' while there are none). */
  readonly tailShown: string;
  /**
   * What replaces `tailShown`: the output that arrived since, then the notes and the footer as they are now. One
   * string, because VS Code applies one insert far faster than many (measured: 30 MB as 64 KiB inserts settled 3x
   * slower), so the chunks' texts are joined once per update.
   */
  readonly end: string;
}

/** What an offered update will have taken once the document applied it. */
interface Offer {
  readonly update: DocumentUpdate;
  readonly header: string;
  readonly tail: string;
}

/** The model behind one live response document: takes events, offers the document the edits that catch it up. */
export class ResponseText {
  private readonly maxBodyBytes: number;
  private readonly saveHint: string;
  /** The output not yet taken by the document: what the last offered update carries, then the texts arrived since. */
  private offered = '';
  private pending: string[] = [];
  private pendingChars = 0;
  private sniffed = '';
  private guess: LanguageGuess = { language: 'plaintext', certain: false };
  private guessStale = true;
  private started: StartedEvent | undefined;
  private preludeHeader: string[] = [];
  private preludeType: string | undefined;
  private bodyBytes = 0;
  private newlines = 0;
  private endsLine = true;
  private outputBytes = 0;
  private binary = false;
  private truncatedAtLine: number | undefined;
  private footer: string[] = [];
  private revisionCount = 0;
  /** The header and the tail as the document shows them (undefined: no document took anything yet). */
  private shownHeader: string | undefined;
  private shownTail = '';
  /** True once the document took output (a document opened again cannot get it back). */
  private tookOutput = false;
  private offer: Offer | undefined;

  constructor(
    private readonly description: InvocationDescription,
    options: ResponseTextOptions = {},
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.saveHint = options.saveHint ?? 'Save Output As…';
  }

  /** Increases with every change of the text; an update is due when it moved since the last one was taken. */
  get revision(): number {
    return this.revisionCount;
  }

  /** The language to show the document in (re-detected while uncertain). */
  get language(): ResponseLanguage {
    return this.currentGuess().language;
  }

  /** UTF-8 bytes of the output shown as text (taken by the document or waiting for the next update). */
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
        // Past the cap the text no longer changes while the output streams on: no revision, so no update of the
        // document for a counter (the progress shows the bytes; the end note gives the total).
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

  /**
   * The text a new document starts with: everything so far, all of it taken at once. A document opened again after
   * it had taken output (VS Code dropped and re-created it) starts with a note instead of the output it no longer has.
   */
  openingText(): string {
    const lost = this.tookOutput
      ? annotate(
          [`── the output shown before this is not held any more. ${this.saveHint} writes the full output.`],
          this.language,
        )
      : '';
    this.offer = undefined;
    const text = this.offered + this.pending.join('');
    this.take();
    this.shownHeader = this.headerText();
    this.shownTail = this.tailText();
    return this.shownHeader + lost + text + this.shownTail;
  }

  /**
   * The edits that catch the document up, or undefined when it shows everything already. Offering takes nothing:
   * {@link commit} does, once the document applied them; until then the next call offers them again, grown.
   */
  update(): DocumentUpdate | undefined {
    if (this.shownHeader === undefined) return undefined;
    const header = this.headerText();
    const tail = this.tailText();
    if (header === this.shownHeader && tail === this.shownTail && this.offered === '' && this.pending.length === 0)
      return undefined;
    this.offered += this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    const update: DocumentUpdate = {
      ...(header === this.shownHeader ? {} : { header: { shown: this.shownHeader, text: header } }),
      tailShown: this.shownTail,
      end: this.offered + tail,
    };
    this.offer = { update, header, tail };
    return update;
  }

  /** The document applied `update` (the last one offered): it is taken, and its output is no longer held here. */
  commit(update: DocumentUpdate): void {
    const offer = this.offer;
    if (!offer || offer.update !== update) return;
    this.offer = undefined;
    if (this.offered !== '') this.tookOutput = true;
    this.offered = '';
    this.shownHeader = offer.header;
    this.shownTail = offer.tail;
  }

  /** True when so much output waits that the document should take it now rather than at the batcher's next tick. */
  get updateDueNow(): boolean {
    return this.pendingChars >= UPDATE_NOW_CHARS;
  }

  /** True when an update would change the document. */
  get hasUpdate(): boolean {
    if (this.shownHeader === undefined) return false;
    return (
      this.offered !== '' ||
      this.pending.length > 0 ||
      this.headerText() !== this.shownHeader ||
      this.tailText() !== this.shownTail
    );
  }

  /** The document took all the output that waited. */
  private take(): void {
    if (this.offered !== '' || this.pending.length > 0) this.tookOutput = true;
    this.offered = '';
    this.pending = [];
    this.pendingChars = 0;
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
        `── binary output: ${groupThousands(this.outputBytes)} bytes${type ? ` (${type})` : ''}, not shown as text. ${this.saveHint} writes the bytes exactly.`,
      );
    }
    if (this.truncatedAtLine !== undefined) {
      const where = `── the document stops here, at ${formatBytes(this.bodyBytes)} (line ${groupThousands(this.truncatedAtLine)})`;
      notes.push(
        this.isFinished
          ? `${where} of ${groupThousands(this.outputBytes)} bytes. ${this.saveHint} writes the full output to a file.`
          : `${where}; the rest of the output goes on into its file. ${this.saveHint} writes the full output to a file.`,
      );
    }
    if (this.footer.length === 0 && notes.length === 0) return '';
    return (this.endsLine ? '' : '\n') + annotate([...notes, ...this.footer], language);
  }

  /** Takes a chunk; false when the text stays the same until the end (the cap was reached before it). */
  private append(chunk: ChunkEvent): boolean {
    const byteLength = chunkByteLength(chunk);
    this.outputBytes = chunk.offset + byteLength;
    if (this.truncatedAtLine !== undefined) return false;
    if (this.binary) return true;
    if (!chunkHasText(chunk)) {
      this.binary = true;
      return true;
    }
    // The engine's text: a character split across chunks is whole in the later chunk, and an output cut inside one
    // ends with a last, byte-less chunk whose text is U+FFFD.
    let text = chunk.text ?? '';
    let bytes = byteLength;
    const room = this.maxBodyBytes - this.bodyBytes;
    const cut = bytes > room;
    if (cut) {
      text = utf8Prefix(text, room);
      bytes = Buffer.byteLength(text, 'utf8');
    }
    this.sniff(text);
    this.bodyBytes += bytes;
    if (text !== '') {
      this.pending.push(text);
      this.pendingChars += text.length;
      this.newlines += countNewlines(text);
      this.endsLine = text.charCodeAt(text.length - 1) === NEWLINE;
    }
    if (cut) this.truncatedAtLine = this.newlines + 1;
    return true;
  }

  /** Keeps the start of the output for language detection. */
  private sniff(text: string): void {
    const wanted = SNIFF_CHARS - this.sniffed.length;
    if (wanted <= 0 || text === '') return;
    this.sniffed += text.length <= wanted ? text : text.slice(0, wanted);
    this.guessStale = true;
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

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/**
 * What a document shows after `update` (VS Code applies the same two edits): the header replaced at the start, the
 * shown tail replaced at the end. The reference for the edits the extension makes, and what tests render with.
 */
export function applyDocumentUpdate(text: string, update: DocumentUpdate): string {
  let result = text;
  if (update.header) {
    if (!result.startsWith(update.header.shown)) throw new Error('the document does not start with the header shown');
    result = update.header.text + result.slice(update.header.shown.length);
  }
  if (!result.endsWith(update.tailShown)) throw new Error('the document does not end with the tail shown');
  return result.slice(0, result.length - update.tailShown.length) + update.end;
}
