/**
 * What the Functions-view integration tests share: a provider built with its own endpoint and sources (so the test
 * never touches the extension's registered view), an in-memory Memento, and small waiting and labelling helpers.
 */
import * as vscode from 'vscode';
import { ConnectionStore } from '../../src/extension/connections';
import type { LocalEndpoint } from '../../src/extension/localEndpoint';
import { FunctionsTreeProvider } from '../../src/extension/tree/functionsTree';
import type { TreeSources } from '../../src/extension/tree/treeContext';
import type { TreeNode } from '../../src/extension/tree/treeNode';
import { defaultTreeSources } from '../../src/extension/tree/treeSources';

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

/** A provider over `endpoint`, listing through the real SDK unless `sources` says otherwise. */
export function buildTree(
  endpoint: LocalEndpoint,
  log: vscode.LogOutputChannel,
  sources: TreeSources = defaultTreeSources(),
): FunctionsTreeProvider {
  return new FunctionsTreeProvider({
    localEndpoint: endpoint,
    connections: new ConnectionStore(new MemoryMemento(), endpoint),
    log,
    sources,
  });
}

/** The label a person sees. */
export function label(node: TreeNode): string {
  const item = node.treeItem();
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Polls `read` until it returns something. */
export async function until<T>(
  read: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
