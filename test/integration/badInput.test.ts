/**
 * Issue 9, "Bad input", through the real commands in the real extension host (below VS Code, the core and the CLI:
 * test/unit/hardening/badInput.test.ts). A binary file or a file in another encoding right-clicked as payload, a 7 MB
 * payload (right-clicked and from the editor), invalid JSON in a right-clicked file, invalid function names and
 * qualifiers passed as command arguments, and a lambdaStream.clientContext or lambdaStream.tenantId that Lambda would
 * refuse: each gets its one exact sentence and the button that fixes it, and nothing else happens. A server that
 * counts requests, configured as a custom endpoint, receives none; no response document opens; the command returns
 * no invocation; the payload file's bytes are the same. Covered elsewhere: an empty payload is sent as none
 * (invokeLimits.test.ts), invalid JSON in the active editor opens nothing (invoke.test.ts), and diagnostics as the
 * person types, with quick fixes and the 6 MB mark (payloadDiagnostics.test.ts).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { PayloadDiagnosticCodes } from '../../src/constants';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import type { FunctionTarget } from '../../src/extension/targets';
import { ERROR_ENDPOINT, type ErrorServer, startErrorServer } from './support/errorServer';
import {
  activateExtension,
  closeAllEditors,
  local,
  openResponseDocuments,
  run,
  waitFor,
  withSetting,
} from './support/invoking';
import { recordingNotifications, type Shown } from './support/notifications';
import { codeLenses, diagnosticsWhen, openFile } from './support/payloadFiles';

/** A real 1×1 PNG (70 bytes): the signature, IHDR with its NUL bytes, IDAT, IEND. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';
const CHOOSE = ['Choose Another Function'];
const OPEN_SETTINGS = ['Open Settings'];

/** A target on the counting server, as a Functions-view node passes it. */
function counted(functionName: string, qualifier?: string): FunctionTarget {
  return {
    connection: { kind: 'custom', name: ERROR_ENDPOINT },
    functionName,
    ...(qualifier === undefined ? {} : { qualifier }),
  };
}

/** The files the tests wrote into the workspace copy, deleted at the end so later suites do not list them as payloads. */
const written: vscode.Uri[] = [];

async function writeBytes(relativePath: string, bytes: Uint8Array | string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  written.push(uri);
  return uri;
}

async function sha256(uri: vscode.Uri): Promise<string> {
  return createHash('sha256')
    .update(await vscode.workspace.fs.readFile(uri))
    .digest('hex');
}

/** The files open in editor tabs. */
function openTabs(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : []));
}

describe('bad input through the extension: a precise message and nothing sent', function () {
  this.timeout(120_000);
  let server: ErrorServer;
  /** A valid payload file, open in the editor for the tests that are not about the payload. */
  let payload: vscode.Uri;

  /**
   * Runs a command that must be refused and returns the notifications it showed, after checking that it returned no
   * invocation, that no request reached the server and no response document opened (also a moment later, for
   * anything sent in the background), and that `files` have the same bytes. `answer` clicks a button.
   */
  async function refused(
    command: () => Thenable<unknown>,
    files: readonly vscode.Uri[],
    answer?: (notice: Shown) => string | undefined,
  ): Promise<Shown[]> {
    const hashes = await Promise.all(files.map(sha256));
    const requests = server.requests;
    const documents = openResponseDocuments().length;
    return recordingNotifications(async (shown) => {
      const result = await command();
      await waitFor(() => shown.length > 0, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(result, undefined, 'the command returned an invocation');
      assert.equal(server.requests, requests, 'a request reached the endpoint');
      assert.equal(openResponseDocuments().length, documents, 'a response document opened');
      assert.deepEqual(await Promise.all(files.map(sha256)), hashes, 'a payload file changed');
      return shown;
    }, answer);
  }

  /** Runs a command that must send exactly one request (the server answers ResourceNotFoundException). */
  async function sentOnce(command: () => Thenable<InvocationSummary | undefined>, label: string): Promise<void> {
    const requests = server.requests;
    const summary = await recordingNotifications(() => Promise.resolve(command()));
    assert.equal(summary?.errorCode, 'ResourceNotFoundException', `${label}: ${summary?.notice?.message}`);
    assert.equal(server.requests, requests + 1, `${label}: one request`);
  }

  before(async () => {
    await activateExtension();
    server = await startErrorServer();
    server.reply({ status: 404, name: 'ResourceNotFoundException', message: 'Function not found' });
    await vscode.workspace
      .getConfiguration('lambdaStream')
      .update('customEndpoints', [{ name: ERROR_ENDPOINT, endpoint: server.url }], vscode.ConfigurationTarget.Global);
    payload = await writeBytes('payloads/bad-input.json', '{ "hello": "bad input" }\n');
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('lambdaStream')
      .update('customEndpoints', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  afterEach(closeAllEditors);

  it('a PNG right-clicked as payload: "is a binary file", not opened, nothing sent, its bytes unchanged', async () => {
    for (const name of ['payloads/photo.png', 'payloads/photo-saved-as.json']) {
      const uri = await writeBytes(name, PNG);
      const message = `${name} is a binary file (70 bytes), not a JSON payload; nothing was sent.`;
      // The explorer passes the file and the selection; a CodeLens or a Functions-view node passes a target first.
      for (const args of [
        [uri, [uri]],
        [counted('my-fn'), uri],
      ]) {
        const shown = await refused(() => run('invokePayloadFile', ...args), [uri]);
        assert.deepEqual(shown, [{ severity: 'error', message, items: [] }], name);
      }
      assert.deepEqual(await refused(() => run('invokeWithPayloadFile', counted('my-fn'), uri), [uri]), [
        { severity: 'error', message, items: [] },
      ]);
      assert.ok(!openTabs().includes(uri.toString()), `${name} was opened in an editor`);
    }
  });

  it('a Latin-1 file right-clicked as payload: "is not UTF-8 text", nothing sent', async () => {
    const uri = await writeBytes('payloads/latin1.json', Buffer.from('{ "city": "Zürich" }\n', 'latin1'));
    const shown = await refused(() => run('invokePayloadFile', counted('my-fn'), uri), [uri]);
    assert.deepEqual(shown, [
      {
        severity: 'error',
        message: 'payloads/latin1.json is not UTF-8 text, and Lambda payloads are UTF-8 JSON; nothing was sent.',
        items: [],
      },
    ]);
  });

  it('a payload file that is gone, or a folder passed as one: says so, nothing sent', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const gone = vscode.Uri.joinPath(folder, 'payloads/gone.json');
    assert.deepEqual(await refused(() => run('invokePayloadFile', counted('my-fn'), gone), []), [
      {
        severity: 'error',
        message: 'payloads/gone.json cannot be read (it does not exist); nothing was sent.',
        items: [],
      },
    ]);
    assert.deepEqual(await refused(() => run('invokePayloadFile', vscode.Uri.joinPath(folder, 'payloads')), []), [
      { severity: 'error', message: 'payloads is a folder, not a payload file; nothing was sent.', items: [] },
    ]);
  });

  it('a 7 MB payload, right-clicked or in the editor: its exact size against the 6 MB limit, nothing sent, the file unchanged', async () => {
    const text = JSON.stringify({ data: 'x'.repeat(7 * 1024 * 1024) });
    const uri = await writeBytes('payloads/seven-mb.json', text);
    const message = `The payload in payloads/seven-mb.json is ${Buffer.byteLength(text).toLocaleString('en-US')} bytes, over Lambda's 6 MB request limit (6,291,456 bytes); nothing was sent.`;
    assert.equal(
      message,
      "The payload in payloads/seven-mb.json is 7,340,043 bytes, over Lambda's 6 MB request limit (6,291,456 bytes); nothing was sent.",
    );
    const expected = [{ severity: 'error', message, items: [] }];
    // Right-clicked while closed: refused from its size on disk, before it is opened.
    assert.deepEqual(await refused(() => run('invokePayloadFile', uri, [uri]), [uri]), expected);
    assert.deepEqual(await refused(() => run('invokePayloadFile', counted('my-fn'), uri), [uri]), expected);
    // Open in the editor: the palette's commands and the title button check the editor's text.
    await openFile(uri);
    for (const command of ['invoke', 'dryRun', 'invokeLastTarget']) {
      assert.deepEqual(await refused(() => run(command, counted('my-fn')), [uri]), expected, command);
    }
    assert.deepEqual(await refused(() => run('invokePayloadFile', counted('my-fn'), uri), [uri]), expected);
  });

  it('invalid JSON in a right-clicked file: line and column, "Go to Problem" selects the diagnostic\'s range, nothing sent', async () => {
    const uri = await writeBytes('payloads/missing-value.json', '{\n  "a": 1,\n  "b": \n}\n');
    const shown = await refused(
      () => run('invokePayloadFile', counted('my-fn'), uri),
      [uri],
      (notice) => notice.items[0],
    );
    assert.deepEqual(shown, [
      {
        severity: 'error',
        message:
          'The payload in payloads/missing-value.json is not valid JSON, so nothing was sent. Line 4, column 1: a value is expected.',
        items: ['Go to Problem'],
      },
    ]);
    const [problem] = await diagnosticsWhen(uri, (found) => found.length === 1);
    assert.equal(problem.code, PayloadDiagnosticCodes.invalidJson);
    assert.equal(problem.message, 'A value is expected.');
    assert.deepEqual([problem.range.start.line, problem.range.start.character, problem.range.end.character], [3, 0, 1]);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString());
    const { selection } = vscode.window.activeTextEditor!;
    assert.deepEqual(
      [selection.start.line, selection.start.character, selection.end.line, selection.end.character],
      [3, 0, 3, 1],
    );
  });

  it('each FunctionName and Qualifier rule of the API reference, given as command arguments: the rule broken, nothing sent', async () => {
    await openFile(payload);
    const cases: [FunctionTarget, string][] = [
      [
        local('bad name!'),
        "'bad name!' is not a valid function name: ' ' (a space) is not allowed; use letters, digits, hyphens, underscores and periods, or an ARN.",
      ],
      [
        counted('bad name!'),
        "'bad name!' is not a valid function name: ' ' (a space) is not allowed; use letters, digits, hyphens, underscores and periods, or an ARN.",
      ],
      [counted(''), 'No function name was given.'],
      [counted('a'.repeat(65)), 'The function name is 65 characters long; Lambda allows at most 64.'],
      [
        counted(`${ARN}${'a'.repeat(64)}:${'q'.repeat(145)}`),
        'The function name is 257 characters long; Lambda allows at most 256 for a name or ARN with its qualifier.',
      ],
      [
        counted('my$fn'),
        "'my$fn' is not a valid function name: '$' is not allowed; use letters, digits, hyphens, underscores and periods.",
      ],
      [
        counted('fn:$latest'),
        "'fn:$latest' has '$latest' after the colon, which is not a version, an alias or $LATEST (letters, digits, hyphens and underscores).",
      ],
      [counted('fn:'), "'fn:' ends with ':' but names no version or alias after it."],
      [
        counted('arn:aws:lambda:us-east-10:123456789012:function:fn'),
        "The ARN's region 'us-east-10' is not a region code like us-east-1.",
      ],
      [counted('arn:aws:lambda:us-east-1:12345:function:fn'), "The ARN's account id '12345' is not 12 digits."],
      [
        counted('arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1'),
        "The ARN names a 'layer', not a function; the form is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].",
      ],
      [counted('fn', ''), 'The qualifier is empty; give a version number, an alias or $LATEST, or leave it out.'],
      [counted('fn', 'q'.repeat(129)), 'The qualifier is 129 characters long; Lambda allows at most 128.'],
      [
        counted('fn', '1.0'),
        "'1.0' is not a valid version or alias: '.' is not allowed; use letters, digits, hyphens, underscores and $.",
      ],
      [
        counted('fn', 'blue/green'),
        "'blue/green' is not a valid version or alias: '/' is not allowed; use letters, digits, hyphens, underscores and $.",
      ],
      [counted('fn:live', 'beta'), "The function name already names a different version or alias than 'beta'."],
    ];
    for (const [target, message] of cases) {
      const shown = await refused(() => run('invoke', target), [payload]);
      assert.deepEqual(
        shown,
        [{ severity: 'error', message, items: CHOOSE }],
        `${target.functionName} ${target.qualifier ?? ''}`,
      );
    }
  });

  it('a refused target through every invoke command: same sentence, nothing sent, and the payload file does not remember it', async () => {
    const uri = await writeBytes('payloads/never-bound.json', '{ "rows": 1 }\n');
    await openFile(uri);
    const target = counted('fn', '1.0');
    const message =
      "'1.0' is not a valid version or alias: '.' is not allowed; use letters, digits, hyphens, underscores and $.";
    for (const [command, args] of [
      ['invoke', [target]],
      ['dryRun', [target]],
      ['invokeLastTarget', [target]],
      ['invokePayloadFile', [target, uri]],
      ['invokeWithPayloadFile', [target, uri]],
    ] as const) {
      const shown = await refused(() => run(command, ...args), [uri]);
      assert.deepEqual(shown, [{ severity: 'error', message, items: CHOOSE }], command);
    }
    assert.deepEqual(
      (await codeLenses(uri)).map((lens) => lens.command?.title),
      ['$(play) Invoke…', 'Dry run…', '$(globe) Function URL…'],
      "the refused target became the file's target",
    );
  });

  it('"Choose Another Function" on a refused target picks a function for the same payload and sends that', async () => {
    await openFile(payload);
    await sentOnce(() => run('invoke', counted('my-fn')), 'binding the payload to my-fn');
    const shown = await refused(
      () => run('invoke', counted('my fn')),
      [payload],
      (notice) => notice.items[0],
    );
    assert.deepEqual(
      shown.map((notice) => notice.items),
      [CHOOSE],
    );
    // The pick offers the payload's remembered target first; Enter takes it, as a person would.
    const requests = server.requests;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor(() => server.requests === requests + 1, 20_000);
  });

  it('names, qualifiers, ClientContext and TenantId at their limits are sent, once each', async () => {
    await openFile(payload);
    await sentOnce(() => run('invoke', counted('a'.repeat(64))), '64-character name');
    await sentOnce(() => run('invoke', counted(`${ARN}${'a'.repeat(64)}:${'q'.repeat(144)}`)), '256-character ARN');
    await sentOnce(() => run('invoke', counted('fn', '$LATEST.PUBLISHED')), '$LATEST.PUBLISHED');
    await sentOnce(() => run('invoke', counted('fn', 'q'.repeat(128))), '128-character qualifier');
    // `{"p":"…"}` with 2,677 characters encodes to 3,580 base64 bytes, under the 3,583 limit.
    await withSetting('clientContext', { p: 'x'.repeat(2677) }, () =>
      sentOnce(() => run('invoke', counted('fn')), 'client context of 3,580 bytes'),
    );
    await withSetting('tenantId', 't'.repeat(256), () =>
      sentOnce(() => run('invoke', counted('fn')), '256-character tenant id'),
    );
  });

  it('lambdaStream.clientContext not an object or over 3,583 bytes encoded, lambdaStream.tenantId invalid: names the setting, offers it, nothing sent', async () => {
    const invalid = 'The setting lambdaStream.clientContext is not valid:';
    const cases: ['clientContext' | 'tenantId', unknown, string][] = [
      ['clientContext', [1, 2], `${invalid} the client context must be a JSON object, not an array.`],
      ['clientContext', 'text', `${invalid} the client context must be a JSON object, not a string.`],
      ['clientContext', 7, `${invalid} the client context must be a JSON object, not a number.`],
      // 2,680 characters encode to 3,584 base64 bytes, one over.
      [
        'clientContext',
        { p: 'x'.repeat(2680) },
        `${invalid} the client context is 3584 bytes once base64-encoded; Lambda accepts at most 3583.`,
      ],
      [
        'tenantId',
        'no#hash',
        "The setting lambdaStream.tenantId is not valid: 'no#hash' is not a valid tenant id: '#' is not allowed; use letters, digits, spaces and . _ : / = + - @.",
      ],
      [
        'tenantId',
        't'.repeat(257),
        'The setting lambdaStream.tenantId is not valid: the tenant id is 257 characters long; Lambda allows at most 256.',
      ],
    ];
    for (const [key, value, message] of cases) {
      await withSetting(key, value, async () => {
        await openFile(payload);
        const expected = [{ severity: 'error', message, items: OPEN_SETTINGS }];
        assert.deepEqual(
          await refused(() => run('invoke', counted('my-fn')), [payload]),
          expected,
          `${key} from the editor`,
        );
        assert.deepEqual(
          await refused(() => run('invokePayloadFile', counted('my-fn'), payload), [payload]),
          expected,
          `${key} right-clicked`,
        );
      });
    }
  });

  it('"Open Settings" on a refused setting opens the Settings editor', () =>
    withSetting('tenantId', 'no#hash', async () => {
      await openFile(payload);
      const shown = await refused(
        () => run('invoke', counted('my-fn')),
        [payload],
        (notice) => notice.items[0],
      );
      assert.deepEqual(
        shown.map((notice) => notice.items),
        [OPEN_SETTINGS],
      );
      await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings', 10_000);
      // Closed before the setting is reset: the Settings editor re-rendering a changed setting only adds noise.
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }));
});
