/**
 * The functions of one connection (Local, a profile's region, a custom endpoint) as tree children: a page at a
 * time with "Load more…", sorted and filtered by name, with the empty and error states as items. Function nodes are
 * kept across renders, so what is expanded below them and their streaming hints survive "Load more…" and a filter.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { commandId, Commands } from '../../constants';
import { type Connection, connectionKey } from '../../core/aws/connection';
import type { ConnectionChoice } from '../connections';
import { listingErrorNode, type ListingScope } from './errorNodes';
import { FunctionNode } from './functionNodes';
import { nameFilter, PagedListing } from './pagedListing';
import { StreamingHints } from './streamingHints';
import type { TreeContext } from './treeContext';
import { LoadMoreNode, MessageNode, type PagedParent, type TreeNode } from './treeNode';

const nameOf = (config: FunctionConfiguration): string => config.FunctionName ?? '';

/** The function listing under one connection node; the node delegates its children, paging and refresh here. */
export class FunctionList {
  private listing: PagedListing<FunctionConfiguration> | undefined;
  private listedWith: string | undefined;
  private appliedFilter = '';
  private readonly nodes = new Map<string, FunctionNode>();
  private readonly hints: StreamingHints;

  constructor(
    private readonly owner: PagedParent,
    private readonly choice: ConnectionChoice,
    private readonly scope: Omit<ListingScope, 'node'>,
    private readonly context: TreeContext,
    /** What an empty listing says, e.g. `No functions in this region`. */
    private readonly emptyText: string,
  ) {
    const withoutUrl = choice.kind === 'local' ? 'buffered' : 'none';
    this.hints = new StreamingHints(context, (node) => this.nodes.get(node.target.functionName) === node, withoutUrl);
  }

  /** The children for the owner, listing through `listWith` (starting over when it changed, e.g. a new Local port). */
  async children(listWith: Connection): Promise<TreeNode[]> {
    const key = connectionKey(listWith);
    if (this.listedWith !== key) this.reset();
    this.listedWith = key;
    const filter = this.context.filterText();
    this.listing ??= new PagedListing(() => this.context.sources.functions(listWith), nameOf);
    if (filter !== this.appliedFilter) {
      this.listing.resetPages();
      this.appliedFilter = filter;
    }
    const view = await this.listing.load(nameFilter(filter, nameOf));
    const functions = view.items.map((config) => this.nodeFor(config, listWith));
    this.hints.request(functions, listWith);

    const result: TreeNode[] = [...functions];
    if (functions.length === 0 && view.error === undefined)
      result.push(this.emptyNode(filter, view.hasMore, view.scanned));
    if (view.error !== undefined) {
      result.push(listingErrorNode(view.error, { ...this.scope, node: this.owner }, 'functions', this.context.log));
    } else if (view.hasMore) {
      result.push(new LoadMoreNode(this.owner, `${view.scanned} loaded`));
    }
    return result;
  }

  requestMore(): void {
    this.listing?.requestMore();
  }

  /** Forgets the listing, so the next render lists from the start. */
  reset(): void {
    this.listing?.dispose();
    this.listing = undefined;
    this.listedWith = undefined;
    this.nodes.clear();
    this.hints.clear();
  }

  private nodeFor(config: FunctionConfiguration, listWith: Connection): FunctionNode {
    const name = nameOf(config);
    let node = this.nodes.get(name);
    if (!node) {
      node = new FunctionNode(this.owner.id, config, this.choice, listWith, this.scope, this.context);
      this.nodes.set(name, node);
    }
    return node;
  }

  private emptyNode(filter: string, hasMore: boolean, scanned: number): MessageNode {
    const id = `${this.owner.id}|empty`;
    if (!filter) return new MessageNode(id, this.emptyText);
    const label = hasMore
      ? `No function in the first ${scanned} matches "${filter}"`
      : `No functions match "${filter}"`;
    return new MessageNode(id, label, {
      icon: 'filter',
      action: { title: 'Clear Filter', command: commandId(Commands.clearFunctionsFilter) },
    });
  }
}
