/**
 * Runs one invocation from request to outcome: resolves the connection, opens the sinks the `lambdaStream.output`
 * setting asks for (the output file always), shows the progress with Cancel, feeds every event of the core's
 * stream to the sinks in order, and reports the outcome. Never throws: every failure becomes an outcome that the
 * sinks show below whatever output had already arrived.
 */
import {
  classifyError,
  type ErrorClassification,
  type ErrorContext,
  LambdaStreamError,
} from '../../core/errors/classify';
import type { Connection } from '../../core/aws/connection';
import type { InvokeLog } from '../../core/engine/events';
import { invokeStreaming } from '../../core/engine/invoke';
import { invokeBuffered } from '../../core/engine/invokeBuffered';
import { invokeFunctionUrlTarget, urlRequestFromText } from '../../core/engine/functionUrlCall';
import { OutputSpool } from '../../core/response/outputSpool';
import type { InvocationOutcome } from '../../core/response/responseSummary';
import { config } from '../config';
import { choiceLabel } from '../connections';
import type { ExtensionContextServices } from '../services';
import type { ChannelWriter } from './channelSink';
import { DocumentSink } from './documentSink';
import { localEndpointStopped } from '../notifications/errorPresentation';
import type { FollowOutput } from './followOutput';
import { Invocation, type InvocationSummary } from './invocation';
import { InvocationProgress } from './invocationProgress';
import type { InvocationRegistry } from './invocationRegistry';
import { describeChoices, type InvocationRequest, toInvokeOptions } from '../request';
import { newResponseUri, type ResponseDocumentProvider } from './responseDocument';
import { type ChunkSink, SinkFanOut, SpoolSink } from './sinks';

/** What the runner needs, built once by the invoke feature. */
export interface RunnerDependencies {
  readonly services: ExtensionContextServices;
  readonly registry: InvocationRegistry;
  readonly channel: ChannelWriter;
  readonly documents: ResponseDocumentProvider;
  readonly follow: FollowOutput;
}

/** Runs invocations; holds no state of its own beyond its dependencies, so several runs overlap freely. */
export class InvocationRunner {
  constructor(private readonly deps: RunnerDependencies) {}

  /** Runs the request to its end and returns how it went. The payload must have been checked already. */
  async run(request: InvocationRequest): Promise<InvocationSummary> {
    const { registry, services } = this.deps;
    const id = registry.allocateId();
    const connection = choiceLabel(request.target.connection);
    // A URL request has none of InvokeWithResponseStream's options: its header names the request instead.
    const options =
      request.via === 'functionUrl'
        ? urlRequestLabel(request.payload.text)
        : [request.via === 'buffered' ? 'buffered' : '', describeChoices(request.choices)].filter(Boolean).join(' · ');
    const description = {
      functionName: request.target.functionName,
      qualifier: request.target.qualifier,
      connection,
      startedAt: new Date(),
      payload: options ? `${request.payload.label} · ${options}` : request.payload.label,
    };
    const invocation = new Invocation(id, request, description, new OutputSpool(registry.outputFile(id)));
    const output = config.output();
    const maxBytes = config.documentSizeLimitBytes();
    const sinks: ChunkSink[] = [new SpoolSink(invocation.spool)];
    let document: DocumentSink | undefined;
    if (output !== 'document') {
      sinks.push(this.deps.channel.open(description, maxBytes));
      this.deps.channel.channel.show(true);
    }
    if (output !== 'channel') {
      document = new DocumentSink(
        newResponseUri(invocation.label, connection),
        description,
        maxBytes,
        this.deps.documents,
        this.deps.follow,
      );
      invocation.documentUri = document.uri;
      sinks.push(document);
    }
    const fanOut = new SinkFanOut(sinks, (error) => services.log.error(`A response view failed: ${String(error)}`));
    registry.add(invocation);
    const progress = new InvocationProgress(invocation, document === undefined);
    services.log.info(`Invocation #${id}: ${invocation.label} on ${connection}, payload ${description.payload}.`);
    try {
      await document
        ?.open()
        .catch((error: unknown) => services.log.warn(`The response document did not open: ${String(error)}`));
      const ended = await this.stream(invocation, fanOut);
      invocation.outcome = ended.outcome;
      await fanOut.finish(ended.outcome, ended.log);
      invocation.shown = { binary: document?.text?.isBinary ?? false, truncated: document?.text?.isTruncated ?? false };
      this.logOutcome(invocation);
    } finally {
      progress.dispose();
      fanOut.dispose();
      // Its subscribers (notifications, history, response diagnostics) act on the outcome from here.
      registry.finished(invocation);
    }
    return invocation.summary();
  }

  /** Reads the core's stream into the sinks; returns the outcome instead of throwing. */
  private async stream(
    invocation: Invocation,
    sinks: ChunkSink,
  ): Promise<{ outcome: InvocationOutcome; log?: InvokeLog }> {
    const { target, payload, choices } = invocation.request;
    const context: ErrorContext = { functionName: target.functionName, qualifier: target.qualifier };
    let connection: Connection;
    try {
      connection = await this.deps.services.connections.resolve(target.connection);
      if (target.connection.kind === 'local')
        invocation.localEndpointGeneration = this.deps.services.localEndpoint.generation;
    } catch (error) {
      return { outcome: { kind: 'failed', error: connectionUnavailable(error) } };
    }
    try {
      const events =
        invocation.request.via === 'functionUrl'
          ? invokeFunctionUrlTarget(
              {
                connection,
                ...(invocation.request.functionUrl?.url
                  ? { url: invocation.request.functionUrl.url }
                  : { functionName: target.functionName, qualifier: target.qualifier }),
                authType: invocation.request.functionUrl?.authType,
              },
              urlRequestFromText(payload.text),
              { signal: invocation.signal },
            )
          : (invocation.request.via === 'buffered' ? invokeBuffered : invokeStreaming)(
              { connection, functionName: target.functionName, qualifier: target.qualifier },
              payload.text,
              toInvokeOptions(choices, invocation.signal),
            );
      for await (const event of events) {
        invocation.note(event);
        if (event.type === 'complete') return { outcome: { kind: 'completed', complete: event }, log: event.log };
        const wait = sinks.accept(event);
        if (wait) await wait;
      }
      throw new Error('The response ended without a completion event.');
    } catch (error) {
      const classification = await this.explainLocalBreak(invocation, classifyError(error, context));
      const metrics = error instanceof LambdaStreamError ? error.metrics : undefined;
      if (classification.category === 'cancelled' || invocation.signal.aborted)
        return { outcome: { kind: 'cancelled', metrics } };
      return { outcome: { kind: 'failed', error: classification, metrics } };
    }
  }

  /**
   * A Local stream that broke because the endpoint's process died (killed, out of memory) says so, so the person
   * restarts it rather than suspecting the function or the network. The exit is reported a moment after the
   * connection breaks, hence the short wait; only a network or stream failure of a Local invocation waits.
   */
  private async explainLocalBreak(
    invocation: Invocation,
    classification: ErrorClassification,
  ): Promise<ErrorClassification> {
    const generation = invocation.localEndpointGeneration;
    if (
      generation === undefined ||
      invocation.signal.aborted ||
      (classification.category !== 'network' && classification.category !== 'stream')
    )
      return classification;
    const exit = await this.deps.services.localEndpoint.exitOf(generation, LOCAL_EXIT_WAIT_MS);
    return exit ? localEndpointStopped(exit.reason, classification, invocation.bytes) : classification;
  }

  private logOutcome(invocation: Invocation): void {
    const { log } = this.deps.services;
    const summary = invocation.summary();
    const outcome = invocation.outcome;
    const figures = `${summary.bytes} bytes in ${summary.chunks} chunks, ${summary.durationMs} ms`;
    if (outcome?.kind === 'failed') {
      log.error(
        `Invocation #${summary.id} (${summary.target}) failed: ${outcome.error.code}: ${outcome.error.message}${outcome.error.detail ? `\n${outcome.error.detail}` : ''}`,
      );
    } else if (outcome?.kind === 'completed' && outcome.complete.errorCode) {
      log.warn(
        `Invocation #${summary.id} (${summary.target}) ended with function error ${outcome.complete.errorCode} after ${figures}.${outcome.complete.errorDetails ? `\n${outcome.complete.errorDetails}` : ''}`,
      );
    } else {
      log.info(`Invocation #${summary.id} (${summary.target}) ${summary.outcome} after ${figures}.`);
    }
  }
}

/** `function URL POST /chat` for a URL request's header and history line. */
function urlRequestLabel(text: string): string {
  try {
    const parts = urlRequestFromText(text);
    return `function URL ${parts.method} ${parts.path || '/'}`;
  } catch {
    return 'function URL';
  }
}

/** How long a broken Local stream waits to learn whether the endpoint process died. */
const LOCAL_EXIT_WAIT_MS = 1_500;

/** The connection could not be made ready (the Local endpoint did not start, a custom endpoint left the settings). */
function connectionUnavailable(error: unknown): ErrorClassification {
  const text = error instanceof Error ? error.message : String(error);
  return {
    code: 'ConnectionUnavailable',
    category: 'network',
    message: /[.!?]$/.test(text) ? text : `${text}.`,
    actions: [{ kind: 'checkEndpoint' }],
  };
}
