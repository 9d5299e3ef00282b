/**
 * The Invocation Details webview's page: a shell with a strict Content-Security-Policy (nothing by default; styles
 * and images only from the extension's `media/`; scripts only with this page's nonce; no network at all), the
 * stylesheet and script from `media/details/`, and an empty `<main>` the script fills from the model it is posted.
 * No `vscode` here: the URIs come in as strings, so a unit test checks the policy.
 */
import { randomBytes } from 'node:crypto';

/** Where the page's assets are, as the webview sees them. */
export interface DetailsPageAssets {
  /** `webview.cspSource` */
  readonly cspSource: string;
  readonly styleUri: string;
  readonly scriptUri: string;
  readonly nonce: string;
}

/** A fresh nonce for one page: 128 random bits. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of the page. */
export function detailsPolicy(assets: Pick<DetailsPageAssets, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `style-src ${assets.cspSource}`,
    `img-src ${assets.cspSource} data:`,
    `font-src ${assets.cspSource}`,
    `script-src 'nonce-${assets.nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The page's HTML. `title` is escaped. */
export function detailsHtml(assets: DetailsPageAssets, title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(detailsPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(assets.styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="details" aria-live="polite"><p class="waiting">Loading the invocation details…</p></main>
<script nonce="${escapeHtml(assets.nonce)}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>
`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
