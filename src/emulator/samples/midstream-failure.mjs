// Writes some progress, then fails. The chunks already sent stay delivered; the stream ends with an InvokeComplete
// event whose ErrorCode and ErrorDetails describe the error.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const steps = Number(event.failAfter ?? 3);
  for (let step = 1; step <= steps; step++) {
    responseStream.write(`step ${step} of ${steps + 1} done\n`);
    await sleep(150);
  }
  throw new Error(event.message ?? 'The upstream service went away in the middle of the response');
});
