/**
 * Keeps a growing response document scrolled to its end, like a terminal, until the person scrolls up to read;
 * scrolling back to the end resumes following.
 *
 * VS Code does not say whether a scroll came from the user, and reports cross between the extension host and the
 * renderer, so the rule is about the top of the view: output arriving below never moves the first visible line up,
 * and our reveals only move it down; a first visible line that moved up means someone scrolled up.
 * One race remains: a reveal already on its way when the user scrolls up lands after the scroll and would undo it.
 * Such a late echo is recognised by its timing and the user's position is restored.
 */
import * as vscode from 'vscode';
import { RESPONSE_SCHEME } from '../../constants';

interface FollowState {
  following: boolean;
  /** The first visible line at the last report (-1 before any). */
  firstLine: number;
  /** When we last asked for a reveal, and when the user last left the end. */
  revealedAt: number;
  pausedAt: number;
  /** Where the user scrolled to when they left the end. */
  userRange: vscode.Range | undefined;
}

/** How many lines above the last line still count as "at the end". */
const SLACK_LINES = 1;
/** A return to the end this soon after the user left it, caused by a reveal sent before, is our reveal's echo. */
const ECHO_MS = 250;

/** Follows the end of every open response document that has not been scrolled up. */
export class FollowOutput implements vscode.Disposable {
  private readonly states = new Map<string, FollowState>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    vscode.workspace.onDidChangeTextDocument((event) => this.grew(event.document), null, this.disposables);
    vscode.window.onDidChangeTextEditorVisibleRanges((event) => this.scrolled(event), null, this.disposables);
  }

  /** Starts following `uri` (a new response document). */
  follow(uri: vscode.Uri): void {
    this.states.set(uri.toString(), {
      following: true,
      firstLine: -1,
      revealedAt: 0,
      pausedAt: 0,
      userRange: undefined,
    });
  }

  /** Stops tracking `uri` (its document was closed; a language change also closes it, so the owner decides). */
  forget(uri: vscode.Uri): void {
    this.states.delete(uri.toString());
  }

  /** Whether `uri` is following its end. */
  isFollowing(uri: vscode.Uri): boolean {
    return this.states.get(uri.toString())?.following ?? false;
  }

  dispose(): void {
    this.states.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private grew(document: vscode.TextDocument): void {
    if (document.uri.scheme !== RESPONSE_SCHEME) return;
    const state = this.states.get(document.uri.toString());
    if (!state?.following) return;
    state.revealedAt = Date.now();
    const last = Math.max(0, document.lineCount - 1);
    const end = new vscode.Range(last, 0, last, 0);
    const key = document.uri.toString();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === key) editor.revealRange(end, vscode.TextEditorRevealType.Default);
    }
  }

  private scrolled(event: vscode.TextEditorVisibleRangesChangeEvent): void {
    const document = event.textEditor.document;
    if (document.uri.scheme !== RESPONSE_SCHEME || event.visibleRanges.length === 0) return;
    const state = this.states.get(document.uri.toString());
    if (!state) return;
    const now = Date.now();
    const firstLine = Math.min(...event.visibleRanges.map((range) => range.start.line));
    const lastVisible = Math.max(...event.visibleRanges.map((range) => range.end.line));
    const movedUp = state.firstLine >= 0 && firstLine < state.firstLine;
    state.firstLine = firstLine;
    if (lastVisible >= document.lineCount - 1 - SLACK_LINES) {
      const echo = !state.following && state.revealedAt < state.pausedAt && now - state.pausedAt < ECHO_MS;
      if (echo && state.userRange) event.textEditor.revealRange(state.userRange, vscode.TextEditorRevealType.AtTop);
      else state.following = true;
    } else if (movedUp) {
      if (state.following) state.pausedAt = now;
      state.following = false;
      state.userRange = event.visibleRanges[0];
    }
  }
}
