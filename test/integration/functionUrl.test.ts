/**
 * Invoke Function URL inside the real extension host, against the extension's own Local endpoint serving the
 * samples: the Functions view marks a function that has a URL (its URL in the tooltip, the menu's context value),
 * the command on that node sends the payload as an HTTP request to the URL (signed with the session keys for
 * AuthType AWS_IAM), and the response streams into the same document with its status line and headers first.
 * A function without a URL is one sentence with the button that fixes it; a wrong request shape sends nothing.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import { LocalEndpoint } from '../../src/extension/localEndpoint';
import type { FunctionNode } from '../../src/extension/tree/functionNodes';
import type { FunctionsTreeProvider } from '../../src/extension/tree/functionsTree';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import {
  activateExtension,
  bodyOf,
  closeAllEditors,
  finalText,
  local,
  openPayload,
  responseDocument,
  run,
} from './support/invoking';
import { recordingNotifications } from './support/notifications';
import { buildTree, label, until } from './treeSupport';

describe('Invoke Function URL (Local)', function () {
  this.timeout(90_000);
  let log: vscode.LogOutputChannel;
  let endpoint: LocalEndpoint;
  let tree: FunctionsTreeProvider;

  before(async () => {
    await activateExtension();
    log = vscode.window.createOutputChannel('Lambda Stream URL test', { log: true });
    endpoint = new LocalEndpoint(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, log);
    tree = buildTree(endpoint, log);
    await endpoint.ensureStarted(undefined);
  });
  afterEach(closeAllEditors);
  after(async () => {
    tree?.dispose();
    await endpoint?.stop();
    endpoint?.dispose();
    log?.dispose();
  });

  async function urlNode(name: string): Promise<FunctionNode> {
    const [localNode] = await tree.getChildren();
    return until(async () => {
      const node = (await tree.getChildren(localNode)).find((candidate) => label(candidate) === name);
      return node?.treeItem().contextValue === 'function.url' ? (node as FunctionNode) : undefined;
    }, `${name} to show its function URL`);
  }

  it('streams server-sent events from a function URL node, status and headers first, signed for AWS_IAM', async () => {
    const node = await urlNode('sse-events');
    const tooltip = (node.treeItem().tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Function URL.*http:\/\/127\.0\.0\.1:\d+\/lambda-url\/[0-9a-f]+\/sse-events\//);

    await openPayload(
      JSON.stringify({
        method: 'POST',
        path: '/chat',
        headers: { accept: 'text/event-stream' },
        body: { prompt: 'from the view', delayMs: 40 },
      }),
    );
    const summary = await run<InvocationSummary | undefined>('invokeFunctionUrl', node);
    assert.ok(summary, 'Invoke Function URL sent nothing');
    assert.equal(summary.outcome, 'completed');
    assert.equal(summary.functionErrorCode, undefined, 'signed with the session keys, so no 403');
    assert.deepEqual(summary.events.slice(0, 2), ['started', 'httpPrelude']);
    assert.ok(summary.chunks >= 10, `one chunk per event, got ${summary.chunks}`);
    const text = await finalText(summary);
    assert.match(text, /function URL POST \/chat/, 'the header names the request');
    assert.match(text, /HTTP 200\n.*content-type: text\/event-stream; charset=utf-8/s);
    const body = bodyOf(text);
    assert.match(body, /event: start\n/);
    assert.match(body, /data: \{"text":"\\"from "\}/);
    assert.match(body, /event: done\ndata: \{\}\n/);
  });

  it('sends a plain JSON payload as the POST body, and an empty one as a GET', async () => {
    const node = await urlNode('token-stream');
    await openPayload('{"prompt": "ignored by a URL event"}');
    const posted = await run<InvocationSummary | undefined>('invokeFunctionUrl', node);
    assert.equal(posted?.outcome, 'completed');
    assert.match(await finalText(posted!), /function URL POST \//);
    await openPayload('');
    const got = await run<InvocationSummary | undefined>('invokeFunctionUrl', local('token-stream'));
    assert.equal(got?.outcome, 'completed');
    assert.match(await finalText(got!), /function URL GET \//);
    assert.ok(got!.chunks > 10, 'the words streamed one by one');
  });

  it('says a function has no function URL and offers another function', async () => {
    await openPayload('{}');
    const shown = await recordingNotifications(async (notices) => {
      const summary = await run<InvocationSummary | undefined>('invokeFunctionUrl', local('buffered'));
      assert.equal(summary?.outcome, 'failed');
      await until(() => (notices.length > 0 ? true : undefined), 'the notification');
      return notices;
    });
    assert.match(shown[0].message, /buffered has no function URL/);
    assert.ok(shown[0].items.includes('Choose Another Function'), shown[0].items.join(', '));
  });

  it('refuses a request shape that is wrong before sending, saying which part', async () => {
    await openPayload('{"method": "GET", "path": "no-slash"}');
    const shown = await recordingNotifications(async (notices) => {
      const summary = await run<InvocationSummary | undefined>('invokeFunctionUrl', local('token-stream'));
      assert.equal(summary, undefined, 'nothing was sent');
      return notices;
    });
    assert.equal(shown.length, 1);
    assert.match(shown[0].message, /"path" must be a string starting with "\/"/);
  });

  it('keeps the response document readable as it streams (no NUL bytes, the prelude shown once)', async () => {
    await openPayload('{"path": "/", "body": {"delayMs": 0}}');
    const summary = await run<InvocationSummary | undefined>('invokeFunctionUrl', local('sse-events'));
    const text = await finalText(summary!);
    assert.ok(!text.includes('\0'));
    assert.equal(text.match(/HTTP 200/g)?.length, 1);
    assert.ok(responseDocument(summary!));
  });
});
