/**
 * Nothing the Invocation Details webview shows comes from the network: every asset under media/details/ and the page
 * the extension generates are read here as text and searched for remote references (URLs, protocol-relative
 * addresses, CSS imports, network APIs in the script). The CSP would block such a load anyway; these tests keep the
 * assets from ever relying on one. Also: the details panel is the only webview in src/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detailsHtml } from '../../../src/extension/history/detailsHtml';
import manifest from '../../../package.json';

const root = path.join(__dirname, '../../../..');
const assetsDir = path.join(root, 'media/details');

/** Namespace names that look like URLs but are never fetched (`createElementNS`). */
const NAMESPACES = new Set(['http://www.w3.org/2000/svg']);

/** Every `scheme://…` in the text that is not a namespace name. */
function urls(text: string): string[] {
  return [...text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`)]*/gi)]
    .map((match) => match[0])
    .filter((url) => !NAMESPACES.has(url));
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    return item.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Problems found in a stylesheet: anything that would load a file or reach a host. */
function cssProblems(text: string): string[] {
  const checks: [RegExp, string][] = [
    [/@import/i, '@import'],
    [/\burl\s*\(/i, 'url()'],
    [/image-set\s*\(/i, 'image-set()'],
    [/@font-face/i, '@font-face'],
    [/\/\/[^\s*]/, 'a protocol-relative address'],
    [/\bhttps?:|\bwss?:|\bftp:/i, 'a network scheme'],
  ];
  return [...checks.filter(([pattern]) => pattern.test(text)).map(([, what]) => what), ...urls(text)];
}

/** Problems found in a script: URLs, network APIs, ways to load or inject markup that loads something. */
function scriptProblems(text: string): string[] {
  const checks: [RegExp, string][] = [
    [/\bfetch\s*\(/, 'fetch()'],
    [/XMLHttpRequest/, 'XMLHttpRequest'],
    [/WebSocket/, 'WebSocket'],
    [/EventSource/, 'EventSource'],
    [/sendBeacon/, 'navigator.sendBeacon'],
    [/RTCPeerConnection/, 'RTCPeerConnection'],
    [/importScripts|\bimport\s*\(/, 'a script import'],
    [/\b(Shared)?Worker\s*\(/, 'a worker'],
    [/\bwindow\.open\s*\(|\blocation\s*(=|\.(href|assign|replace))/, 'navigation'],
    [/innerHTML|outerHTML|insertAdjacentHTML|document\.write/, 'markup injection'],
    [/\b(src|href|srcset|action|formaction|xlink:href)\b/, 'a src/href-like attribute'],
    // Elements are made by createElement(NS) or the script's own el() and svg() helpers.
    [
      /(?:createElement(?:NS)?\(\s*(?:[\w.'"]+\s*,\s*)?|\b(?:el|svg)\(\s*)['"`](script|iframe|img|image|link|object|embed|use|foreignObject|audio|video|source|track|form|style|base|meta)['"`]/,
      'an element that loads resources',
    ],
    [/['"`]\/\/[^/'"`\s]/, 'a protocol-relative address'],
  ];
  return [...checks.filter(([pattern]) => pattern.test(text)).map(([, what]) => what), ...urls(text)];
}

describe('history/webview assets: no remote resources', () => {
  it('media/details/ holds only a stylesheet and a script', () => {
    const files = filesUnder(assetsDir)
      .map((file) => path.relative(assetsDir, file))
      .sort();
    assert.deepEqual(files, ['details.css', 'details.js']);
  });

  for (const file of filesUnder(assetsDir)) {
    const name = path.relative(root, file);
    it(`${name} references nothing remote`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const problems = file.endsWith('.css')
        ? cssProblems(text)
        : file.endsWith('.js')
          ? scriptProblems(text)
          : [`an unchecked kind of asset`];
      assert.deepEqual(problems, [], `${name}: ${problems.join(', ')}`);
    });
  }

  it('the checks catch what they look for', () => {
    assert.deepEqual(cssProblems('@import url("https://cdn.example/x.css");'), [
      '@import',
      'url()',
      'a protocol-relative address',
      'a network scheme',
      'https://cdn.example/x.css',
    ]);
    assert.deepEqual(cssProblems('body { background: url(//cdn.example/x.png) }'), [
      'url()',
      'a protocol-relative address',
    ]);
    assert.deepEqual(scriptProblems("fetch('//evil.example/x')"), ['fetch()', 'a protocol-relative address']);
    assert.deepEqual(scriptProblems('new WebSocket(u); new XMLHttpRequest();'), ['XMLHttpRequest', 'WebSocket']);
    assert.deepEqual(scriptProblems("svg('image', { href: u })"), [
      'a src/href-like attribute',
      'an element that loads resources',
    ]);
    assert.deepEqual(scriptProblems("document.createElement('iframe')"), ['an element that loads resources']);
    assert.deepEqual(
      scriptProblems("document.createElementNS('http://www.w3.org/2000/svg', tag); svg('svg', { role: 'img' })"),
      [],
    );
  });

  it('the generated page loads only its two assets, from the webview source, after its CSP', () => {
    const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
    const assets = {
      cspSource,
      nonce: 'bm9uY2Utb2YtdGhlLXBhZ2U=',
      styleUri: `${cspSource}/ext/media/details/details.css`,
      scriptUri: `${cspSource}/ext/media/details/details.js`,
    };
    const html = detailsHtml(assets, 'token-stream:live #3');
    assert.deepEqual([...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]).sort(), [
      assets.styleUri,
      assets.scriptUri,
    ]);
    const rest = [assets.styleUri, assets.scriptUri, cspSource].reduce(
      (text, allowed) => text.split(allowed).join(''),
      html,
    );
    assert.deepEqual(urls(rest), []);
    assert.ok(!/\/\/|\burl\s*\(|@import/i.test(rest), rest);
    const tags = [...html.matchAll(/<([a-z]+)\b/gi)].map((match) => match[1].toLowerCase());
    assert.deepEqual(tags, ['html', 'head', 'meta', 'meta', 'meta', 'link', 'title', 'body', 'main', 'p', 'script']);
    assert.ok(!/\son[a-z]+=|\sstyle=/i.test(html), 'inline handlers or styles');
    const policyAt = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(
      policyAt > 0 && policyAt < html.indexOf('<link') && policyAt < html.indexOf('<script'),
      'the CSP must come before anything is loaded',
    );
  });

  it('the details panel is the only webview the extension creates', () => {
    const creators =
      /\b(createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider|registerWebviewPanelSerializer|createWebviewTextEditorInset)\s*\(/g;
    const found = filesUnder(path.join(root, 'src'))
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...fs.readFileSync(file, 'utf8').matchAll(creators)].map(
          (match) => `${path.relative(root, file)}: ${match[1]}`,
        ),
      );
    assert.deepEqual(found, ['src/extension/history/detailsPanel.ts: createWebviewPanel']);
    const contributes = manifest.contributes as Record<string, unknown>;
    assert.equal(contributes.customEditors, undefined);
    const views = Object.values(manifest.contributes.views).flat() as { type?: string }[];
    assert.ok(
      views.every((view) => view.type !== 'webview'),
      'a webview view is contributed',
    );
  });
});
