/**
 * The `awslambda` global of Lambda's Node.js runtime: `streamifyResponse` tags a handler as streaming (with the same
 * symbols the runtime uses) and `HttpResponseStream.from` adds the function-URL prelude (JSON metadata + 8 NUL bytes).
 */
import { HTTP_INTEGRATION_CONTENT_TYPE } from '../../core/engine/prelude';
import type { LambdaResponseStream } from './responseStream';

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');

/** A handler function, possibly tagged by `streamifyResponse`. */
export type TaggedHandler = ((...args: unknown[]) => unknown) & { [STREAMING]?: string; [HIGH_WATER_MARK]?: number };

/** Metadata a function URL turns into the HTTP status line and headers. */
interface HttpMetadata {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

class HttpResponseStream {
  /** Makes `stream` write `JSON.stringify(metadata)` and 8 NUL bytes before the body. */
  static from(stream: LambdaResponseStream, metadata: HttpMetadata): LambdaResponseStream {
    stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const prelude = JSON.stringify(metadata);
    stream._onBeforeFirstWrite = (write) => {
      write(prelude);
      write(new Uint8Array(8));
    };
    return stream;
  }
}

/** Installs `globalThis.awslambda` unless AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA is `1` or `true`, as the runtime does. */
export function installAwsLambdaGlobal(): void {
  const off = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (off === '1' || off === 'true') return;
  Object.assign(globalThis, {
    awslambda: {
      streamifyResponse(handler: TaggedHandler, options?: { highWaterMark?: number }): TaggedHandler {
        handler[STREAMING] = 'response';
        if (options?.highWaterMark !== undefined) handler[HIGH_WATER_MARK] = options.highWaterMark;
        return handler;
      },
      HttpResponseStream,
    },
  });
}

/** True when `streamifyResponse` tagged the handler. */
export function isStreamingHandler(handler: TaggedHandler): boolean {
  return handler[STREAMING] === 'response';
}
