// Writes a first line, then keeps working past the function's timeout (2 seconds in lambda-stream.json).
// Lambda stops it: the stream ends with ErrorCode Sandbox.Timedout.
export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  responseStream.write(`working; ${context.getRemainingTimeInMillis()} ms left\n`);
  await new Promise((resolve) => setTimeout(resolve, Number(event.workMs ?? 60_000)));
  responseStream.end('finished in time\n');
});
