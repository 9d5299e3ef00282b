/**
 * A function and, under it, what can be invoked: `$LATEST`, its aliases (with the versions they route to) and its
 * published versions. Each carries a `FunctionTarget`, so Invoke, Dry Run and Copy ARN receive the node and
 * `normaliseCommandArgs` turns it into the target.
 */
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import * as vscode from 'vscode';
import { ContextValues, qualifierContextValue } from './contextValues';
import type { Connection } from '../../core/aws/connection';
import { LATEST } from '../../core/rules/names';
import type { ConnectionChoice } from '../connections';
import type { FunctionTarget, TargetCarrier } from '../targets';
import { listingErrorNode, type ListingScope } from './errorNodes';
import {
  aliasDescription,
  aliasTooltip,
  functionDescription,
  functionTooltip,
  type StreamingMode,
  versionDescription,
  versionTooltip,
} from './functionText';
import { PagedListing } from './pagedListing';
import type { TreeContext } from './treeContext';
import { LoadMoreNode, MessageNode, type PagedParent, type TreeNode } from './treeNode';

const ALIAS_LIMIT = 200;

/** A function; its children are what can be invoked, and its versions page like functions do. */
export class FunctionNode implements PagedParent, TargetCarrier {
  readonly id: string;
  readonly target: FunctionTarget;
  /** Filled in by the streaming hints once the function URL has been read. */
  mode: StreamingMode = 'unknown';
  functionUrl: string | undefined;
  private aliases: PagedListing<AliasConfiguration> | undefined;
  private versions: PagedListing<FunctionConfiguration> | undefined;

  constructor(
    parentId: string,
    readonly config: FunctionConfiguration,
    connection: ConnectionChoice,
    private readonly listWith: Connection,
    private readonly scope: Omit<ListingScope, 'node'>,
    private readonly context: TreeContext,
  ) {
    const name = config.FunctionName ?? '';
    this.id = `${parentId}|fn|${name}`;
    this.target = { connection, functionName: name, functionArn: config.FunctionArn };
  }

  treeItem(): vscode.TreeItem {
    const url = this.functionUrl;
    const item = new vscode.TreeItem(this.target.functionName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = functionDescription(this.config, this.mode);
    item.tooltip = new vscode.MarkdownString(functionTooltip(this.config, this.mode, url));
    item.iconPath =
      this.mode === 'streaming'
        ? new vscode.ThemeIcon('radio-tower', new vscode.ThemeColor('charts.green'))
        : new vscode.ThemeIcon(this.mode === 'buffered' ? 'symbol-method' : 'symbol-function');
    item.contextValue = url ? ContextValues.functionWithUrl : ContextValues.function;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    const name = this.target.functionName;
    const latest = new QualifierNode(this, LATEST, 'latest', {
      description: 'unpublished code',
      tooltip: `**${name}:$LATEST** — the function's current code and configuration`,
    });
    const nodes: TreeNode[] = [latest];
    try {
      this.aliases ??= new PagedListing(
        () => this.context.sources.aliases(this.listWith, name),
        (alias) => alias.Name ?? '',
        { pageSize: ALIAS_LIMIT, scanLimit: ALIAS_LIMIT },
      );
      const aliases = await this.aliases.load();
      if (aliases.error !== undefined) throw aliases.error;
      for (const alias of aliases.items) nodes.push(QualifierNode.forAlias(this, alias));
      this.versions ??= new PagedListing(
        () => this.context.sources.versions(this.listWith, name),
        (version) => version.Version ?? '',
      );
      const versions = await this.versions.load((version) => version.Version !== LATEST);
      for (const version of versions.items) nodes.push(QualifierNode.forVersion(this, version));
      if (versions.error !== undefined) nodes.push(this.errorNode(versions.error));
      else if (versions.hasMore) nodes.push(new LoadMoreNode(this, 'versions'));
    } catch (error) {
      nodes.push(this.errorNode(error));
    }
    return nodes;
  }

  requestMore(): void {
    this.versions?.requestMore();
  }

  reset(): void {
    this.aliases?.dispose();
    this.versions?.dispose();
    this.aliases = undefined;
    this.versions = undefined;
  }

  private errorNode(error: unknown): MessageNode {
    return listingErrorNode(
      error,
      { ...this.scope, node: this },
      `the aliases and versions of ${this.target.functionName}`,
      this.context.log,
    );
  }
}

type QualifierKind = 'latest' | 'alias' | 'version';

/** `$LATEST`, an alias or a published version of a function. */
export class QualifierNode implements TreeNode, TargetCarrier {
  readonly id: string;
  readonly target: FunctionTarget;

  static forAlias(parent: FunctionNode, alias: AliasConfiguration): QualifierNode {
    return new QualifierNode(parent, alias.Name ?? '', 'alias', {
      description: aliasDescription(alias),
      tooltip: aliasTooltip(alias),
      arn: alias.AliasArn,
    });
  }

  static forVersion(parent: FunctionNode, version: FunctionConfiguration): QualifierNode {
    const description = versionDescription(version, parent.config.Description);
    return new QualifierNode(parent, version.Version ?? '', 'version', {
      description,
      tooltip: versionTooltip(version),
      arn: version.FunctionArn,
    });
  }

  constructor(
    readonly parent: FunctionNode,
    readonly qualifier: string,
    readonly kind: QualifierKind,
    private readonly text: { description: string; tooltip: string; arn?: string },
  ) {
    this.id = `${parent.id}|q|${qualifier}`;
    const functionArn = text.arn ?? parent.target.functionArn;
    this.target = { ...parent.target, qualifier, functionArn };
  }

  treeItem(): vscode.TreeItem {
    const label = this.kind === 'version' ? `Version ${this.qualifier}` : this.qualifier;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.text.description;
    item.tooltip = new vscode.MarkdownString(this.text.tooltip);
    item.iconPath = new vscode.ThemeIcon(this.kind === 'alias' ? 'tag' : this.kind === 'version' ? 'versions' : 'edit');
    item.contextValue = qualifierContextValue(this.kind);
    return item;
  }
}
