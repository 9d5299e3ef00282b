/**
 * The `context` object a handler receives, with the fields and methods of the Node.js runtime's context
 * (`awsRequestId`, `functionName`, `getRemainingTimeInMillis()`, …).
 */
import type { ContextFields } from '../hostProtocol';

/** What handlers see as `context`: the fields the emulator sent, less the deadline, plus the runtime's own members. */
export interface LambdaContext extends Omit<ContextFields, 'deadlineMs' | 'clientContext'> {
  callbackWaitsForEmptyEventLoop: boolean;
  identity: undefined;
  /** Always present, `undefined` without a ClientContext, as in the runtime. */
  clientContext: unknown;
  getRemainingTimeInMillis(): number;
}

/** Builds the handler's context from the fields the emulator sent. */
export function buildContext(fields: ContextFields): LambdaContext {
  const { deadlineMs, clientContext, tenantId, ...named } = fields;
  return {
    callbackWaitsForEmptyEventLoop: true,
    ...named,
    identity: undefined,
    clientContext,
    ...(tenantId === undefined ? {} : { tenantId }),
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
}
