/**
 * Builds the history's record of an invocation: final once its outcome is known, a `running` snapshot before (the
 * details view of a running invocation). The sentence names the target the way the notification did.
 */
import { classifyFunctionFailure } from '../../core/errors/classify';
import type { InvokeMetrics } from '../../core/engine/events';
import type { InvocationOutcome } from '../../core/response/responseSummary';
import { nameTarget } from '../notifications/errorPresentation';
import { plainTarget } from '../invoke/invokeMemory';
import type { Invocation } from '../output/invocation';
import { describeChoices } from '../request';
import {
  type InvocationRecord,
  MAX_RECORDED_PAYLOAD,
  RECORDED_TIMELINE_POINTS,
  recordKeyFor,
} from './invocationRecord';

/** The record of an invocation: final once its outcome is known, a snapshot (`running`) before. */
export function recordInvocation(invocation: Invocation): InvocationRecord {
  const outcome = invocation.outcome;
  const { request, started } = invocation;
  const metrics = (outcome && metricsOf(outcome)) ?? {
    bytes: invocation.bytes,
    chunks: invocation.chunks,
    durationMs: Math.round(invocation.elapsedMs),
  };
  const payload = request.payload;
  return {
    key: recordKeyFor(invocation.id),
    id: invocation.id,
    target: plainTarget(request.target),
    targetLabel: invocation.label,
    connectionLabel: invocation.description.connection,
    payload: {
      label: payload.label,
      ...(payload.text.length <= MAX_RECORDED_PAYLOAD && !payload.holdsSecrets ? { text: payload.text } : {}),
      ...(payload.uri ? { uri: payload.uri.toString() } : {}),
    },
    choices: request.choices,
    ...(request.via ? { via: request.via } : {}),
    ...(request.functionUrl ? { functionUrl: request.functionUrl } : {}),
    options: describeChoices(request.choices),
    startedAt: invocation.startedAtEpochMs,
    ...ending(outcome, invocation.label),
    requestId: started?.requestId,
    statusCode: started?.statusCode,
    executedVersion: started?.executedVersion,
    contentType: started?.contentType,
    metrics,
    timeline: invocation.timeline.snapshot(metrics.durationMs, RECORDED_TIMELINE_POINTS),
    logTail:
      outcome?.kind === 'completed' && outcome.complete.log?.kind === 'text' ? outcome.complete.log.text : undefined,
    documentUri: invocation.documentUri?.toString(),
  };
}

function metricsOf(outcome: InvocationOutcome): InvokeMetrics | undefined {
  return outcome.kind === 'completed' ? outcome.complete.metrics : outcome.metrics;
}

function ending(
  outcome: InvocationOutcome | undefined,
  label: string,
): Pick<InvocationRecord, 'status' | 'sentence' | 'errorCode' | 'detail'> {
  const named = (message: string) => nameTarget(message, label);
  if (!outcome) return { status: 'running', sentence: 'running' };
  if (outcome.kind === 'cancelled') return { status: 'cancelled', sentence: 'cancelled', errorCode: 'Cancelled' };
  if (outcome.kind === 'failed')
    return {
      status: 'failed',
      sentence: named(outcome.error.message),
      errorCode: outcome.error.code,
      detail: outcome.error.detail,
    };
  const { errorCode, errorDetails, metrics } = outcome.complete;
  if (!errorCode) return { status: 'succeeded', sentence: 'completed' };
  const failure = classifyFunctionFailure({ errorCode, errorDetails, chunks: metrics.chunks });
  return { status: 'functionError', sentence: named(failure.message), errorCode, detail: errorDetails };
}
