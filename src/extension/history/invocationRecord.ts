/**
 * One finished invocation as the history keeps it: what was invoked with which payload and options (enough to run
 * it again), how it ended, its figures and its chunk timeline (enough for the details view). Plain JSON, so the
 * last ones survive a window reload in the workspace state; a large payload's text is not kept.
 * Types and pure helpers only (no `vscode`); `recordInvocation.ts` builds records from live invocations.
 */
import type { TimelineData } from '../../core/response/chunkTimeline';
import type { InvokeMetrics } from '../../core/engine/events';
import type { InvokeChoices } from '../request';
import type { FunctionTarget } from '../targets';

/** How it ended, in one word a list can show. */
export type RecordStatus = 'running' | 'succeeded' | 'functionError' | 'failed' | 'cancelled';

/** A finished invocation, as plain data. */
export interface InvocationRecord {
  /** Unique across windows: the session and the invocation id. */
  readonly key: string;
  /** The invocation's id in the window that ran it (Show Output, Save Output As… find it by this). */
  readonly id: number;
  readonly target: FunctionTarget;
  /** `token-stream:live` */
  readonly targetLabel: string;
  readonly connectionLabel: string;
  readonly payload: { readonly label: string; readonly text?: string; readonly uri?: string };
  readonly choices: InvokeChoices;
  /** How it was sent (see `InvocationRequest.via`); absent for InvokeWithResponseStream. */
  readonly via?: 'functionUrl' | 'buffered';
  readonly functionUrl?: { readonly url?: string; readonly authType?: 'AWS_IAM' | 'NONE' };
  /** The options in words (`dry run · tenant acme`), empty for the defaults. */
  readonly options: string;
  readonly startedAt: number;
  readonly status: RecordStatus;
  /** `completed`, or the failure as one sentence. */
  readonly sentence: string;
  readonly errorCode?: string;
  readonly detail?: string;
  readonly requestId?: string;
  readonly statusCode?: number;
  readonly executedVersion?: string;
  readonly contentType?: string;
  readonly metrics: InvokeMetrics;
  readonly timeline: TimelineData;
  readonly logTail?: string;
  readonly documentUri?: string;
}

/** Payload text longer than this is not kept with a record (re-run reads the file again). */
export const MAX_RECORDED_PAYLOAD = 16 * 1024;
/** Timeline points kept per record. */
export const RECORDED_TIMELINE_POINTS = 300;

const SESSION = Date.now().toString(36);

/** The key of the record of this window's invocation `id`. */
export function recordKeyFor(id: number): string {
  return `${SESSION}-${id}`;
}

/** `payloads/hello.json (34 bytes) · dry run` */
export function payloadDescription(record: InvocationRecord): string {
  return record.options ? `${record.payload.label} · ${record.options}` : record.payload.label;
}
