// Streams an answer word by word with small pauses, the way an LLM API streams tokens.
const ANSWER =
  'Response streaming lets a Lambda function send its output while it is still running. ' +
  'The caller sees the first words after a few milliseconds instead of waiting for the whole answer, ' +
  'which is what makes chat interfaces feel alive. Each write becomes a PayloadChunk event, ' +
  'and the stream always ends with an InvokeComplete event.';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  const delayMs = Number(event.delayMs ?? 40);
  const words = ANSWER.split(' ');
  const count = Math.min(Number(event.words ?? words.length), words.length);
  responseStream.setContentType('text/plain; charset=utf-8');
  console.log(`answering "${event.prompt ?? ''}" with ${count} words (request ${context.awsRequestId})`);
  for (let index = 0; index < count; index++) {
    responseStream.write(index === 0 ? words[index] : ` ${words[index]}`);
    await sleep(delayMs);
  }
  responseStream.write('\n');
  responseStream.end();
});
