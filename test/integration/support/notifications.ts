/**
 * Records the notifications the extension shows, instead of showing them. The test bundle and the extension are the
 * same extension (extensionDevelopmentPath is this project), so they share one `vscode` API object, and wrapping
 * `window.show*Message` sees the extension's calls. `answer` plays the person: the button to click, if any.
 */
import * as vscode from 'vscode';

export interface Shown {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** The buttons offered. */
  readonly items: readonly string[];
}

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** Runs `body` with notifications recorded into `shown`; the originals are back in place afterwards, whatever happens. */
export async function recordingNotifications<T>(
  body: (shown: Shown[]) => Promise<T>,
  answer: (notice: Shown) => string | undefined = () => undefined,
): Promise<T> {
  const window = vscode.window as Window;
  const original = {
    error: window.showErrorMessage,
    warning: window.showWarningMessage,
    info: window.showInformationMessage,
  };
  const shown: Shown[] = [];
  const record =
    (severity: Shown['severity']) =>
    (message: string, ...items: unknown[]) => {
      const notice: Shown = {
        severity,
        message,
        items: items.filter((item): item is string => typeof item === 'string'),
      };
      shown.push(notice);
      return Promise.resolve(answer(notice));
    };
  window.showErrorMessage = record('error') as typeof window.showErrorMessage;
  window.showWarningMessage = record('warning') as typeof window.showWarningMessage;
  window.showInformationMessage = record('info') as typeof window.showInformationMessage;
  try {
    return await body(shown);
  } finally {
    window.showErrorMessage = original.error;
    window.showWarningMessage = original.warning;
    window.showInformationMessage = original.info;
  }
}
