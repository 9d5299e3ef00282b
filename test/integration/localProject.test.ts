/**
 * A SAM project in the workspace, through the real extension: the Local connection serves it when the setting names
 * it (or finds it at a workspace folder's root), the Functions view lists its functions by logical ID with their
 * aliases, an invocation from a view node streams with the template's settings, an edited template applies to the
 * next invocation, and the template's problems are diagnostics at their lines. The project's files are never written.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, EXTENSION_ID } from '../../src/constants';
import { localSource } from '../../src/extension/localSource';
import { LocalEndpoint } from '../../src/extension/localEndpoint';
import {
  activateExtension,
  bodyOf,
  closeAllEditors,
  finalText,
  invoke,
  openPayload,
  run,
  waitFor,
  withSetting,
} from './support/invoking';
import { readWorkspaceFile, writeWorkspaceFile } from './support/payloadFiles';
import { buildTree, label, until } from './treeSupport';

const PROJECT = 'sam-app';
const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Transform: AWS::Serverless-2016-10-31',
  'Globals:',
  '  Function:',
  '    Runtime: nodejs22.x',
  '    Timeout: 10',
  'Resources:',
  '  ReportFunction:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: report.handler',
  '      AutoPublishAlias: live',
  '      FunctionUrlConfig:',
  '        AuthType: AWS_IAM',
  '        InvokeMode: RESPONSE_STREAM',
  '      Environment:',
  '        Variables:',
  '          TITLE: !Sub "Report for ${AWS::Region}"',
  '          TOPIC: !ImportValue shared-TopicArn',
  '  SlowFunction:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: slow.handler',
  '      Timeout: 1',
  '  TypedFunction:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: typed.handler',
  '  Broken:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: src/',
  '      Handler: nodot',
  '',
].join('\n');

describe('Local: a SAM project in the workspace', function () {
  this.timeout(90_000);
  let template: vscode.Uri;

  before(async () => {
    await activateExtension();
    template = await writeWorkspaceFile(`${PROJECT}/template.yaml`, TEMPLATE);
    await writeWorkspaceFile(
      `${PROJECT}/src/report.js`,
      [
        'exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {',
        '  responseStream.write(`${process.env.TITLE}\\n`);',
        '  for (const row of [1, 2, 3]) {',
        '    await new Promise((resolve) => setTimeout(resolve, 30));',
        '    responseStream.write(`row ${row}\\n`);',
        '  }',
        '  responseStream.end(`topic=${process.env.TOPIC ?? "-"}\\n`);',
        '});',
        '',
      ].join('\n'),
    );
    await writeWorkspaceFile(
      `${PROJECT}/src/slow.mjs`,
      'export const handler = async () => { await new Promise((resolve) => setTimeout(resolve, 1500)); return "slow but done"; };\n',
    );
    await writeWorkspaceFile(
      `${PROJECT}/src/typed.ts`,
      'const greet = (name: string): string => `typed ${name}`;\nexport const handler = async (event: { name?: string }) => greet(event.name ?? "world");\n',
    );
  });
  afterEach(closeAllEditors);
  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, PROJECT), {
      recursive: true,
    });
  });

  it('lists the functions by logical ID in the Functions view and invokes one from its alias node', () =>
    withSetting('local.project', PROJECT, async () => {
      const source = localSource();
      assert.equal(source?.kind, 'project');
      const log = vscode.window.createOutputChannel('Lambda Stream project test', { log: true });
      const endpoint = new LocalEndpoint(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, log);
      const tree = buildTree(endpoint, log);
      try {
        await endpoint.ensureStarted(source);
        const [local] = await tree.getChildren();
        assert.match(String(local.treeItem().description), new RegExp(`^${PROJECT} · 127\\.0\\.0\\.1:\\d+$`));
        const names = (await tree.getChildren(local)).map(label);
        assert.deepEqual(names, ['ReportFunction', 'SlowFunction', 'TypedFunction']);
        const report = (await tree.getChildren(local)).find((node) => label(node) === 'ReportFunction')!;
        const qualifiers = await tree.getChildren(report);
        assert.deepEqual(qualifiers.map(label), ['$LATEST', 'live', 'Version 1']);
        await until(async () => {
          const node = (await tree.getChildren(local)).find((candidate) => label(candidate) === 'ReportFunction');
          return /streams/.test(String(node?.treeItem().description)) ? true : undefined;
        }, 'ReportFunction to be marked as streaming (its FunctionUrlConfig)');

        await openPayload('{}');
        const summary = await run('invoke', qualifiers[1]);
        assert.ok(summary, 'invoking from the node sent nothing');
        assert.equal(summary.outcome, 'completed');
        assert.equal(summary.functionErrorCode, undefined);
        assert.equal(bodyOf(await finalText(summary)), 'Report for us-east-1\nrow 1\nrow 2\nrow 3\ntopic=-\n');
        assert.ok(summary.chunks >= 3, `streamed in ${summary.chunks} chunks`);
      } finally {
        tree.dispose();
        await endpoint.stop();
        endpoint.dispose();
        log.dispose();
      }
    }));

  it('keeps to the template’s timeout, applies an edited template to the next invocation, runs TypeScript', () =>
    withSetting('local.project', PROJECT, async () => {
      await openPayload('{ "name": "editor" }');
      const typed = await invoke('TypedFunction');
      assert.equal(typed.outcome, 'completed');
      assert.equal(bodyOf(await finalText(typed)).trim(), '"typed editor"');
      const slow = await invoke('SlowFunction');
      assert.equal(slow.functionErrorCode, 'Sandbox.Timedout');
      await writeWorkspaceFile(
        `${PROJECT}/template.yaml`,
        TEMPLATE.replace('      Timeout: 1\n', '      Timeout: 5\n'),
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 1_200)); // the endpoint re-reads a template at most once a second
        await openPayload('{}');
        const again = await invoke('SlowFunction');
        assert.equal(again.functionErrorCode, undefined);
        assert.equal(bodyOf(await finalText(again)).trim(), '"slow but done"');
      } finally {
        await writeWorkspaceFile(`${PROJECT}/template.yaml`, TEMPLATE);
      }
    }));

  it('marks the template’s problems at their lines, and never writes the template', () =>
    withSetting('local.project', PROJECT, async () => {
      const ours = () =>
        vscode.languages.getDiagnostics(template).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
      await waitFor(() => ours().length === 2, 15_000);
      const shown = ours().map(
        (diagnostic) =>
          `${diagnostic.range.start.line + 1} ${diagnostic.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning'} ${diagnostic.message}`,
      );
      assert.deepEqual(shown, [
        "20 warning Resources.ReportFunction.Properties.Environment.Variables.TOPIC: Fn::ImportValue imports another stack's output, which has no local value",
        '36 error Resources.Broken.Properties.Handler: must be file.export (e.g. index.handler), not "nodot"',
      ]);
      assert.equal(await readWorkspaceFile(template), TEMPLATE);
    }));

  it('serves the samples again with the setting off', () =>
    withSetting('local.project', 'off', async () => {
      assert.equal(localSource(), undefined);
      await openPayload('{ "words": 2, "delayMs": 1 }');
      const summary = await invoke('token-stream');
      assert.equal(summary.outcome, 'completed');
    }));
});
