/**
 * The Functions view's commands, as entries for the extension's one command table (src/extension/commands.ts).
 * Arguments go through `normaliseCommandArgs`, except Refresh and Load more, which act on the view's own nodes.
 * Failures a person can fix show as tree items; these commands only report what a click could not do.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import { errorMessageWithoutSecrets } from '../../core/errors/redaction';
import { config } from '../config';
import { localSource } from '../localSource';
import { choiceLabel } from '../connections';
import type { ExtensionContextServices } from '../services';
import { normaliseCommandArgs } from '../targets';
import { pickConnection, pickRegions } from './connectionPicker';
import type { TreeSources } from './treeContext';
import { LoadMoreNode, type TreeNode } from './treeNode';

type Handler = (...args: unknown[]) => unknown;

/** The characters the SDK's INI parser allows in a profile name; anything else never reaches a shell. */
const SAFE_PROFILE_NAME = /^[\w.@+%:/-]+$/;
type TreeCommandName = (typeof Commands)[
  | 'refreshFunctions'
  | 'loadMoreFunctions'
  | 'filterFunctions'
  | 'clearFunctionsFilter'
  | 'copyFunctionArn'
  | 'copyFunctionUrl'
  | 'selectConnection'
  | 'selectRegions'
  | 'signIn'
  | 'startLocalEndpoint'
  | 'stopLocalEndpoint'
  | 'openFunctionsFolder'];

/** The handlers for the Functions view's commands. */
export function createTreeCommands(services: ExtensionContextServices): Record<TreeCommandName, Handler> {
  const { functionsTree: tree, localEndpoint, connections, log } = services;
  const { sources } = tree;
  return {
    [Commands.refreshFunctions]: (node?: unknown) => tree.refresh(isTreeNode(node) ? node : undefined),
    [Commands.loadMoreFunctions]: (node?: unknown) => {
      if (node instanceof LoadMoreNode) tree.loadMore(node);
    },
    [Commands.filterFunctions]: async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter Functions',
        prompt: 'Show functions whose name contains this text',
        value: tree.filterText,
      });
      if (text !== undefined) tree.setFilter(text);
    },
    [Commands.clearFunctionsFilter]: () => tree.setFilter(''),
    [Commands.copyFunctionArn]: async (...args) => {
      const arn = normaliseCommandArgs(args).target?.functionArn;
      if (!arn) return;
      await vscode.env.clipboard.writeText(arn);
      vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
    },
    [Commands.copyFunctionUrl]: async (...args) => {
      const { target } = normaliseCommandArgs(args);
      if (!target) return;
      const qualifier = target.qualifier && target.qualifier !== '$LATEST' ? target.qualifier : undefined;
      try {
        const url = await sources.functionUrl(
          await connections.resolve(target.connection),
          target.functionName,
          qualifier,
        );
        if (!url) {
          void vscode.window.showInformationMessage(
            `${target.functionName}${qualifier ? `:${qualifier}` : ''} has no function URL.`,
          );
          return;
        }
        await vscode.env.clipboard.writeText(url.url);
        vscode.window.setStatusBarMessage(`Copied ${url.url}`, 3000);
      } catch (error) {
        log.warn(`Reading the function URL of ${target.functionName} failed: ${errorMessageWithoutSecrets(error)}`);
        void vscode.window
          .showWarningMessage(`The function URL of ${target.functionName} could not be read; see the log.`, 'Show Log')
          .then((choice) => choice && log.show(true));
      }
    },
    [Commands.selectConnection]: async () => {
      const choice = await pickConnection(await sources.profiles(), connections.current);
      if (choice) await connections.setCurrent(choice);
      if (choice)
        vscode.window.setStatusBarMessage(`Lambda Stream: palette invocations use ${choiceLabel(choice)}`, 3000);
    },
    [Commands.selectRegions]: async (...args) => {
      const profile = normaliseCommandArgs(args).profile ?? (await askProfile(sources));
      if (!profile) return;
      const shown = config.regions()[profile] ?? [];
      const own = (await sources.profiles()).profiles.find((candidate) => candidate.name === profile)?.region;
      await pickRegions(profile, shown.length > 0 ? shown : own ? [own] : []);
    },
    [Commands.signIn]: async (...args) => {
      const profile = normaliseCommandArgs(args).profile;
      if (!profile || !SAFE_PROFILE_NAME.test(profile)) return;
      const info = (await sources.profiles()).profiles.find((candidate) => candidate.name === profile);
      const login = info?.credentialKind === 'login' ? 'aws login' : 'aws sso login';
      const terminal = vscode.window.createTerminal({ name: `AWS sign-in: ${profile}` });
      terminal.show();
      terminal.sendText(`${login} --profile ${profile}`);
      const closed = vscode.window.onDidCloseTerminal((which) => {
        if (which !== terminal) return;
        closed.dispose();
        tree.refresh();
      });
      services.context.subscriptions.push(closed);
    },
    [Commands.startLocalEndpoint]: async () => {
      try {
        await localEndpoint.ensureStarted(localSource());
      } catch (error) {
        log.error(error instanceof Error ? error.message : String(error)); // the Local node shows the failure and Restart
      }
    },
    [Commands.stopLocalEndpoint]: () => localEndpoint.stop(),
    [Commands.openFunctionsFolder]: async () => {
      if (!vscode.workspace.isTrusted) return vscode.commands.executeCommand('workbench.trust.manage');
      const dir = config.localFunctionsDir();
      if (!dir || !fs.existsSync(dir))
        return vscode.commands.executeCommand('workbench.action.openSettings', 'lambdaStream.local.functionsDir');
      return vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(dir));
    },
  };
}

function isTreeNode(value: unknown): value is TreeNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TreeNode).treeItem === 'function' &&
    typeof (value as TreeNode).id === 'string'
  );
}

async function askProfile(sources: TreeSources): Promise<string | undefined> {
  const names = (await sources.profiles()).profiles.map((profile) => profile.name);
  return vscode.window.showQuickPick(names, { title: 'Select Regions', placeHolder: 'Which profile?' });
}
