/**
 * The Functions view's provider inside the real extension host, against its own Local endpoint (the real emulator
 * process) serving a functions folder seeded with many handlers and a manifest, listed through the real SDK.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import { LocalEndpoint } from '../../src/extension/localEndpoint';
import { normaliseCommandArgs } from '../../src/extension/targets';
import type { FunctionsTreeProvider } from '../../src/extension/tree/functionsTree';
import { LoadMoreNode, type TreeNode } from '../../src/extension/tree/treeNode';
import { bodyOf, closeAllEditors, finalText, openPayload, responseDocument, run } from './support/invoking';
import { buildTree, label, until } from './treeSupport';

const BULK = 120;

/** A functions folder: one streaming handler with versions and aliases, one buffered, and BULK more. */
function seedFunctions(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'stream-me.mjs'),
    "export const handler = awslambda.streamifyResponse(async (event, stream) => { for (const word of ['tree', 'node', 'streams']) stream.write(word + ' '); stream.end(); });\n",
  );
  fs.writeFileSync(path.join(dir, 'plain.mjs'), 'export const handler = async () => ({ ok: true });\n');
  for (let index = 1; index <= BULK; index++) {
    fs.writeFileSync(
      path.join(dir, `bulk-${String(index).padStart(3, '0')}.mjs`),
      `export const handler = async () => ${index};\n`,
    );
  }
  const manifest = {
    functions: {
      'stream-me': {
        description: 'streams three words',
        timeout: 9,
        memorySize: 256,
        versions: ['1', '2', '3'],
        aliases: { live: '2', beta: { version: '$LATEST' } },
      },
    },
  };
  fs.writeFileSync(path.join(dir, 'lambda-stream.json'), JSON.stringify(manifest, null, 2));
}

describe('Functions view: Local connection', function () {
  this.timeout(60_000);
  let dir: string;
  let log: vscode.LogOutputChannel;
  let endpoint: LocalEndpoint;
  let tree: FunctionsTreeProvider;

  async function localNode(provider = tree): Promise<TreeNode> {
    const [local] = await provider.getChildren();
    assert.equal(label(local), 'Local');
    return local;
  }

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-stream-tree-'));
    seedFunctions(dir);
    log = vscode.window.createOutputChannel('Lambda Stream tree test', { log: true });
    endpoint = new LocalEndpoint(extension.extensionPath, log);
    tree = buildTree(endpoint, log);
  });

  after(async () => {
    tree?.dispose();
    await endpoint?.stop();
    endpoint?.dispose();
    log?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows Local first, and a stopped endpoint as an item that starts it, without starting it', async () => {
    const local = await localNode();
    assert.equal(local.treeItem().contextValue, 'connection.local.stopped');
    const children = await tree.getChildren(local);
    assert.deepEqual(children.map(label), ['Local endpoint stopped — Start']);
    assert.equal(children[0].treeItem().command?.command, 'lambdaStream.startLocalEndpoint');
    assert.equal(endpoint.state.status, 'stopped', 'expanding must not start the endpoint');
  });

  it('starts its endpoint with session keys: unsigned requests get 403, the view lists with the keys', async () => {
    await endpoint.ensureStarted(dir);
    assert.ok(endpoint.sessionKeys?.accessKeyId.startsWith('LSLOCAL'), 'the endpoint reported its session keys');
    const url = new URL(`${endpoint.state.status === 'running' ? endpoint.state.url : ''}/2015-03-31/functions`);
    const unsigned = await new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      http
        .get(url, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, type: res.headers['x-amzn-errortype'] as string | undefined });
        })
        .on('error', reject);
    });
    assert.deepEqual(unsigned, { status: 403, type: 'MissingAuthenticationTokenException' });
    const local = await localNode();
    assert.ok(
      (await tree.getChildren(local)).some((node) => label(node) === 'bulk-001'),
      'listed with the keys',
    );
  });

  it('lists the functions a page at a time, sorted by name, with Load more…', async () => {
    await endpoint.ensureStarted(dir);
    const local = await localNode();
    assert.match(String(local.treeItem().description), /127\.0\.0\.1:\d+/);
    let children = await tree.getChildren(local);
    assert.equal(children.length, 51, children.map(label).join(', '));
    const names = children.slice(0, 50).map(label);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
    const more = children[50];
    assert.ok(more instanceof LoadMoreNode);
    assert.equal(label(more), 'Load more…');

    tree.loadMore(more);
    children = await tree.getChildren(local);
    assert.equal(children.length, 101);
    tree.loadMore(children[100] as LoadMoreNode);
    children = await tree.getChildren(local);
    assert.equal(children.length, BULK + 2, 'every function once, and no Load more… at the end');
    assert.deepEqual(children.map(label).slice(-2), ['plain', 'stream-me']);
  });

  it('shows $LATEST, aliases with their versions, and published versions under a function', async () => {
    const local = await localNode();
    const fn = (await tree.getChildren(local)).find((node) => label(node) === 'stream-me')!;
    const args = normaliseCommandArgs([fn]);
    assert.equal(args.target?.functionName, 'stream-me');
    assert.deepEqual(args.connection, { kind: 'local' });
    const qualifiers = await tree.getChildren(fn);
    assert.deepEqual(qualifiers.map(label), ['$LATEST', 'beta', 'live', 'Version 1', 'Version 2', 'Version 3']);
    const live = qualifiers[2].treeItem();
    assert.equal(live.description, '→ 2');
    assert.equal(live.contextValue, 'qualifier.alias');
    assert.equal(normaliseCommandArgs([qualifiers[2]]).target?.qualifier, 'live');
    assert.match(String(normaliseCommandArgs([qualifiers[2]]).target?.functionArn), /:function:stream-me:live$/);
  });

  it('learns which functions stream, and says so in the description, tooltip and icon', async () => {
    const local = await localNode();
    const item = await until(async () => {
      const node = (await tree.getChildren(local)).find((candidate) => label(candidate) === 'stream-me');
      const current = node?.treeItem();
      return current && /streams/.test(String(current.description)) ? current : undefined;
    }, 'stream-me to be marked as streaming');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'radio-tower');
    assert.equal(item.contextValue, 'function.url', 'the Local endpoint serves its function URL');
    assert.match((item.tooltip as vscode.MarkdownString).value, /\/lambda-url\/[0-9a-f]+\/stream-me\//);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    for (const part of ['ARN', 'Memory: 256 MB', 'Timeout: 9 s', 'Last modified'])
      assert.ok(tooltip.includes(part), `${part} in ${tooltip}`);
    const plain = await until(async () => {
      const node = (await tree.getChildren(local)).find((candidate) => label(candidate) === 'plain')?.treeItem();
      return node && /buffered/.test(String(node.description)) ? node : undefined;
    }, 'plain to be marked as buffered');
    assert.notEqual((plain.iconPath as vscode.ThemeIcon).id, 'radio-tower');
  });

  it('filters by name, and says when nothing matches', async () => {
    const local = await localNode();
    const changes: string[] = [];
    const listener = tree.onDidChangeFilter((text) => changes.push(text));
    tree.setFilter('bulk-01');
    const filtered = (await tree.getChildren(local)).map(label);
    assert.deepEqual(filtered, [
      'bulk-010',
      'bulk-011',
      'bulk-012',
      'bulk-013',
      'bulk-014',
      'bulk-015',
      'bulk-016',
      'bulk-017',
      'bulk-018',
      'bulk-019',
    ]);
    tree.setFilter('no-such-function');
    const none = await tree.getChildren(local);
    assert.deepEqual(none.map(label), ['No functions match "no-such-function" — Clear Filter']);
    assert.equal(none[0].treeItem().command?.command, 'lambdaStream.clearFunctionsFilter');
    tree.setFilter('');
    assert.equal((await tree.getChildren(local)).length > 10, true);
    assert.deepEqual(changes, ['bulk-01', 'no-such-function', '']);
    listener.dispose();
  });

  it('lists again after Refresh, picking up a new handler file', async () => {
    const local = await localNode();
    fs.writeFileSync(path.join(dir, 'aaa-new.mjs'), 'export const handler = async () => 1;\n');
    tree.refresh(local);
    const first = (await tree.getChildren(local))[0];
    assert.equal(label(first), 'aaa-new');
  });

  it('invokes from a tree node, streaming into the response document', async () => {
    await endpoint.ensureStarted(undefined); // the samples, as the extension's own Local endpoint serves them
    const local = await localNode();
    const tokenStream = await until(
      async () => (await tree.getChildren(local)).find((node) => label(node) === 'token-stream'),
      'the samples',
    );
    const live = (await tree.getChildren(tokenStream)).find((node) => label(node) === 'live')!;
    await openPayload('{ "words": 4, "delayMs": 1 }');
    const summary = await run('invoke', live);
    assert.ok(summary, 'invoking from the node sent nothing');
    assert.equal(summary.outcome, 'completed');
    assert.match(responseDocument(summary).uri.path, /\/Local\/token-stream:live #\d+$/);
    assert.match(bodyOf(await finalText(summary)), /^Response streaming lets a\n?$/);
    await closeAllEditors();
  });
});
