/**
 * Child-process entry (dist/emulator/handlerHost.js) that runs one invocation: it receives the request over IPC,
 * loads the user's handler module with Node's own module rules, installs the `awslambda` global, captures console
 * output, runs the handler and streams every write back. One process per invocation keeps crashes, `process.exit`,
 * infinite loops and leaked timers away from the emulator, which kills this process when the invocation ends; a
 * watchdog thread kills it if the emulator itself dies first.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installAwsLambdaGlobal, isStreamingHandler, type TaggedHandler } from './host/awslambda';
import { ParentChannel, takeIpcChannel } from './host/channel';
import { captureConsole } from './host/consoleCapture';
import { runtimeError, toErrorBody } from './host/errorBody';
import { runBuffered, runStreaming } from './host/invokeHandler';
import { buildContext } from './host/lambdaContext';
import { findSyntaxLocation, withLocation } from './host/syntaxLocation';
import { watchParent } from './host/parentWatchdog';
import type { ErrorBody, FinalMessage, HostSetup, InvokeMessage, ParentMessage } from './hostProtocol';

// Before any user code loads: the handler must not reach the host protocol (see takeIpcChannel).
const ipc = takeIpcChannel();
process.once('message', (message: ParentMessage) => {
  if (message.type === 'invoke') void invoke(message);
});
// The emulator going away (or killing the channel) ends this invocation too; the watchdog covers a busy handler.
process.on('disconnect', () => process.exit(0));
watchParent();
// Node sets up its ES module loader on the first import(); doing that now, while waiting for the invocation (a
// spare host waits a while), takes it off the invocation's first byte. Nothing of the function is loaded.
const EMPTY_MODULE: string = 'data:text/javascript,';
setImmediate(() => void import(EMPTY_MODULE).catch(() => undefined));

async function invoke(request: InvokeMessage): Promise<void> {
  if (request.setup) takeOnSetup(request.setup);
  const channel = new ParentChannel(request.windowBytes, ipc);
  let finished = false;
  const finish = async (outcome: { body?: Uint8Array } | { error: ErrorBody }, code = 0): Promise<void> => {
    if (finished) return;
    finished = true;
    const maxRssKb = process.resourceUsage().maxRSS;
    const message: FinalMessage =
      'error' in outcome ? { type: 'error', error: outcome.error, maxRssKb } : { type: 'result', ...outcome, maxRssKb };
    return channel.send(message).finally(() => process.exit(code));
  };
  captureConsole(
    request.context.awsRequestId,
    (text) => void channel.send({ type: 'log', text }).catch(() => undefined),
  );
  process.on('uncaughtException', (error) => void finish({ error: toErrorBody(error) }, 129));
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    const error = {
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: text,
      trace: [`Runtime.UnhandledPromiseRejection: ${text}`],
    };
    void finish({ error }, 128);
  });
  installAwsLambdaGlobal();

  const loaded = await loadHandler(request);
  if ('error' in loaded) {
    console.error(`${loaded.error.errorType}: ${loaded.error.errorMessage}`);
    return void finish(loaded);
  }
  const { handler } = loaded;
  let event: unknown;
  try {
    event = request.payload.length === 0 ? {} : JSON.parse(request.payload);
  } catch (error) {
    return void finish({ error: runtimeError('Runtime.UnmarshalError', error) });
  }
  const context = buildContext(request.context);
  try {
    const body = isStreamingHandler(handler)
      ? await runStreaming(handler, event, context, channel)
      : await runBuffered(handler, event, context);
    await finish(body === undefined ? {} : { body });
  } catch (error) {
    const body = toErrorBody(error);
    console.error(`Invoke Error \t${JSON.stringify(body)}`);
    await finish({ error: body });
  }
}

/**
 * A spare host (started before its invocation was known) becomes this invocation's process: its working directory
 * and exactly the environment a host started for it would have had. Assigning `TZ` resets Node's time zone; the
 * emulator starts a fresh host instead whenever a variable only read at process start differs (spareHost.ts).
 */
function takeOnSetup(setup: HostSetup): void {
  process.chdir(setup.cwd);
  for (const name of Object.keys(process.env)) if (!Object.hasOwn(setup.env, name)) delete process.env[name];
  Object.assign(process.env, setup.env);
}

/** Runtime.UserCodeSyntaxError naming the file and line (which Node leaves out of an ES module's error). */
function syntaxError(error: SyntaxError, file: string): ErrorBody {
  const body = runtimeError('Runtime.UserCodeSyntaxError', error);
  const location = findSyntaxLocation(error, file);
  if (!location) return body;
  const errorMessage = withLocation(body.errorMessage, location, path.dirname(file));
  const trace = [
    `Runtime.UserCodeSyntaxError: ${errorMessage}`,
    `    at ${location.file}:${location.line}`,
    ...location.excerpt.map((line) => `    ${line}`),
  ];
  return { errorType: body.errorType, errorMessage, trace };
}

/** The property at a dotted path (`handlers.stream`), as the runtime looks nested handlers up. */
function exportAt(root: unknown, dotted: string): unknown {
  let value = root;
  for (const key of dotted.split('.')) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || !Object.hasOwn(value, key))
      return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Imports the module and picks the export, or says why not with the runtime's error kinds. */
async function loadHandler(request: InvokeMessage): Promise<{ handler: TaggedHandler } | { error: ErrorBody }> {
  let module: Record<string, unknown>;
  if (request.sourceMaps) process.setSourceMapsEnabled(true);
  try {
    module = (await import(pathToFileURL(request.file).href)) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof SyntaxError)) return { error: runtimeError('Runtime.ImportModuleError', error) };
    return { error: syntaxError(error, request.file) };
  }
  const handler = exportAt(module, request.exportName) ?? exportAt(module.default, request.exportName);
  if (typeof handler !== 'function') {
    const base = request.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
    return {
      error: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: `${base}.${request.exportName} is undefined or not exported`,
        trace: [],
      },
    };
  }
  return { handler: handler as TaggedHandler };
}
