/**
 * Whether each listed function streams, learned after the page is shown: ListFunctions does not say, the function
 * URL's `InvokeMode` does (the Local endpoint answers it from the handler's `streamifyResponse`). A few reads run at
 * a time, each function is asked once per listing, and a node is re-rendered when its answer arrives.
 */
import type { Connection } from '../../core/aws/connection';
import { errorMessageWithoutSecrets } from '../../core/errors/redaction';
import type { FunctionNode } from './functionNodes';
import type { TreeContext } from './treeContext';

const CONCURRENCY = 4;

/** Reads the function URLs of listed functions in the background, a few at a time, once per node. */
export class StreamingHints {
  private readonly asked = new WeakSet<FunctionNode>();
  private readonly queue: { node: FunctionNode; listWith: Connection }[] = [];
  private running = 0;

  constructor(
    private readonly context: TreeContext,
    /** False once the node's listing was refreshed away: its answer is then dropped. */
    private readonly isShown: (node: FunctionNode) => boolean,
    /**
     * What a function without a URL is: `none` on AWS (nothing declared); `buffered` on the Local endpoint, which gives
     * every streaming handler a URL.
     */
    private readonly withoutUrl: 'none' | 'buffered',
  ) {}

  /** Queues the nodes not asked about yet. */
  request(nodes: readonly FunctionNode[], listWith: Connection): void {
    for (const node of nodes) {
      if (this.asked.has(node)) continue;
      this.asked.add(node);
      this.queue.push({ node, listWith });
    }
    while (this.running < CONCURRENCY && this.queue.length > 0) void this.work();
  }

  /** Drops what is still queued (a refresh lists again); answers in flight are dropped by `isShown`. */
  clear(): void {
    this.queue.length = 0;
  }

  private async work(): Promise<void> {
    this.running++;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.ask(next.node, next.listWith);
    } finally {
      this.running--;
    }
  }

  private async ask(node: FunctionNode, listWith: Connection): Promise<void> {
    try {
      const url = await this.context.sources.functionUrl(listWith, node.target.functionName);
      node.mode = !url ? this.withoutUrl : url.invokeMode === 'RESPONSE_STREAM' ? 'streaming' : 'buffered';
      node.functionUrl = url?.url;
    } catch (error) {
      this.context.log.debug(
        `Could not read the function URL of ${node.target.functionName}: ${errorMessageWithoutSecrets(error)}`,
      );
      return;
    }
    if (this.isShown(node)) this.context.changed(node);
  }
}
