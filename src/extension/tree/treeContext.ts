/**
 * What the Functions view's nodes need from the outside, in one small object: where listings come from (injectable,
 * so tests can pass a fake profile discovery or listing), the Local endpoint, the log, the current filter, and a way
 * to tell VS Code that a node changed. Nodes receive it instead of reaching for globals.
 */
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import type * as vscode from 'vscode';
import type { Connection } from '../../core/aws/connection';
import type { ProfileDiscovery } from '../../core/aws/profiles';
import type { ConnectionChoice } from '../connections';
import type { LocalEndpoint } from '../localEndpoint';
import type { TreeNode } from './treeNode';

/** A function URL as far as the view uses it. */
export interface FunctionUrlInfo {
  readonly url: string;
  readonly invokeMode: 'RESPONSE_STREAM' | 'BUFFERED' | string;
}

/** Where the view's data comes from; every method only reads. */
export interface TreeSources {
  /** The AWS profiles and environment credentials, read fresh. */
  profiles(): Promise<ProfileDiscovery>;
  functions(connection: Connection): AsyncIterable<FunctionConfiguration>;
  aliases(connection: Connection, functionName: string): AsyncIterable<AliasConfiguration>;
  versions(connection: Connection, functionName: string): AsyncIterable<FunctionConfiguration>;
  /** The function's (or alias's) URL, or undefined when it has none. */
  functionUrl(connection: Connection, functionName: string, qualifier?: string): Promise<FunctionUrlInfo | undefined>;
}

/** Handed to every node: the sources, the endpoint, the log, the filter, and how to re-render. */
export interface TreeContext {
  readonly sources: TreeSources;
  readonly localEndpoint: LocalEndpoint;
  readonly log: vscode.LogOutputChannel;
  /** The name filter as typed (blank: none). */
  filterText(): string;
  /** The core connection to list through for a choice, or undefined when Local is not running (listing never starts it). */
  listingConnection(choice: ConnectionChoice): Promise<Connection | undefined>;
  /** Re-renders a node (or the whole view). */
  changed(node?: TreeNode): void;
}
