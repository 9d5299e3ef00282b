/**
 * The `context` object a handler receives, with the fields and methods of the Node.js runtime's context
 * (`awsRequestId`, `functionName`, `getRemainingTimeInMillis()`, …).
 */
import type { ContextFields } from '../hostProtocol';

/** What handlers see as `context`. */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  identity: undefined;
  clientContext: unknown;
  tenantId?: string;
  getRemainingTimeInMillis(): number;
}

/** Builds the handler's context from the fields the emulator sent. */
export function buildContext(fields: ContextFields): LambdaContext {
  const context: LambdaContext = {
    callbackWaitsForEmptyEventLoop: true,
    awsRequestId: fields.awsRequestId,
    functionName: fields.functionName,
    functionVersion: fields.functionVersion,
    invokedFunctionArn: fields.invokedFunctionArn,
    memoryLimitInMB: fields.memoryLimitInMB,
    logGroupName: fields.logGroupName,
    logStreamName: fields.logStreamName,
    identity: undefined,
    clientContext: fields.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, fields.deadlineMs - Date.now()),
  };
  if (fields.tenantId !== undefined) context.tenantId = fields.tenantId;
  return context;
}
