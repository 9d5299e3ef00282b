/**
 * Text that came from a server (a function's description, an error message, a log tail, with `--safe-output` the
 * function's own output) made safe for a terminal: escape sequences (CSI `ESC [`, OSC `ESC ]` up to BEL or ST, and
 * the other `ESC x` forms), the C0 controls other than newline and tab, DEL and the C1 controls are removed, so a
 * response cannot retitle the window, rewrite what was printed before, hide text or plant a hyperlink.
 */
/* eslint-disable no-control-regex -- finding control characters is what this module is for */

/** ESC sequences: CSI with parameters, OSC/DCS/SOS/PM/APC strings to BEL or ST, two-character escapes. */
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]*[0-~])/g;
/** C0 controls but tab and newline, DEL, C1 controls (including the one-byte CSI, U+009B). */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** An escape sequence that may still be incomplete at the end of a piece of text. */
const UNFINISHED = /\x1b(?:\[[0-?]*[ -/]*|[\]PX^_][^\x07\x1b]*\x1b?|[ -/]*)?$/;
/** The longest unfinished sequence held back; a longer one is not a sequence a terminal would wait for. */
const MAX_HELD = 4096;

/** `text` without terminal control sequences (newlines and tabs kept). */
export function stripTerminalControls(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/** Strips a stream of text, holding back an escape sequence split across pieces until it is complete. */
export class TerminalTextFilter {
  private held = '';

  push(text: string): string {
    const combined = this.held + text;
    const unfinished = UNFINISHED.exec(combined);
    const cut = unfinished && unfinished[0].length <= MAX_HELD ? unfinished.index : combined.length;
    this.held = combined.slice(cut);
    return stripTerminalControls(combined.slice(0, cut));
  }

  /** What is left at the end of the stream (an unfinished sequence is dropped). */
  end(): string {
    const rest = stripTerminalControls(this.held);
    this.held = '';
    return rest.replace(/\x1b.*$/s, '');
  }
}
