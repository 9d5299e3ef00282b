/**
 * The events that open and close an invocation, built from what Lambda sent: `started` from the raw response
 * headers, `complete` from a stream's InvokeComplete or a buffered invocation's output (function error, log tail).
 * The log tail (`LogType: Tail`) is base64 of the last 4 KB of the log; functions on Lambda Managed Instances return
 * instead a small JSON object naming the CloudWatch log group and stream.
 */
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { redactSecrets } from '../errors/redaction';
import type { CompleteEvent, InvokeLog, StartedEvent } from './events';
import type { StreamMessage } from './eventStream';
import type { MetricsRecorder } from './metrics';
import type { RawResponse } from './responseTap';

/** The `started` event from the raw response headers. */
export function startedEvent(response: RawResponse, atMs: number): StartedEvent {
  const headers = response.headers;
  return {
    type: 'started',
    statusCode: response.statusCode,
    requestId: headers['x-amzn-requestid'] ?? headers['x-amzn-request-id'] ?? headers['x-amz-request-id'],
    executedVersion: headers['x-amz-executed-version'],
    contentType: headers['content-type'],
    atMs,
  };
}

/**
 * The `complete` event of a stream, from its InvokeComplete message (absent for a dry run). Its error details and log
 * tail are text for people, shown in logs, documents and notifications: secrets in them are masked (an AWS SDK error
 * inside the function quotes the function's own session token). The output itself is never changed.
 */
export function streamCompleteEvent(
  completion: StreamMessage | undefined,
  binary: boolean,
  metrics: MetricsRecorder,
): CompleteEvent {
  const done = completion?.kind === 'complete' ? completion : undefined;
  const log = decodeLogResult(done?.logResult);
  return {
    type: 'complete',
    ...(done?.errorCode ? { errorCode: done.errorCode } : {}),
    ...(done?.errorDetails ? { errorDetails: redactSecrets(done.errorDetails) } : {}),
    ...(log ? { log } : {}),
    binary,
    metrics: metrics.snapshot(),
  };
}

/**
 * The `complete` event of a buffered invocation: `X-Amz-Function-Error` and the error object in the payload surfaced,
 * secrets masked in the error message and the log tail as for a stream.
 */
export function bufferedCompleteEvent(
  result: InvokeCommandOutput,
  binary: boolean,
  metrics: MetricsRecorder,
): CompleteEvent {
  const log = decodeLogResult(result.LogResult);
  const failure = result.FunctionError ? functionFailure(result.Payload) : undefined;
  return {
    type: 'complete',
    ...(result.FunctionError
      ? { functionError: result.FunctionError, errorCode: failure?.errorType ?? result.FunctionError }
      : {}),
    ...(failure?.errorMessage ? { errorDetails: redactSecrets(failure.errorMessage) } : {}),
    ...(log ? { log } : {}),
    binary,
    metrics: metrics.snapshot(),
  };
}

/** Reads `{errorType, errorMessage}` from a function-error payload (any other shape gives nothing). */
function functionFailure(payload: Uint8Array | undefined): { errorType?: string; errorMessage?: string } | undefined {
  if (!payload || payload.byteLength === 0) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    return {
      errorType: typeof parsed.errorType === 'string' ? parsed.errorType : undefined,
      errorMessage: typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Decodes a LogResult, secrets masked; undefined when there is none. */
export function decodeLogResult(logResult: string | undefined): InvokeLog | undefined {
  if (!logResult) return undefined;
  const text = redactSecrets(Buffer.from(logResult, 'base64').toString('utf8'));
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      const logGroup = parsed.logGroup ?? parsed.LogGroup;
      const logStreamName = parsed.logStreamName ?? parsed.LogStreamName;
      if (typeof logGroup === 'string' && typeof logStreamName === 'string') {
        return { kind: 'cloudWatch', logGroup, logStreamName, raw: text };
      }
    } catch {
      // a log line that happens to look like JSON: keep it as text
    }
  }
  return { kind: 'text', text };
}

/** One line for people: the text itself, or where the log is. */
export function describeLog(log: InvokeLog): string {
  return log.kind === 'text' ? log.text : `CloudWatch Logs: ${log.logGroup} / ${log.logStreamName}`;
}
