// Server-sent events, the way a chat front end reads an LLM's answer from a function URL: `text/event-stream`,
// one `event:`/`data:` block per token, a `done` event at the end. Called through its function URL the event is
// Lambda's function-URL event (payload format 2.0, the request body in `body`); invoked directly it is the payload.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function request(event) {
  // Invoked directly with the request-shaped sample payload, the request's body is the input.
  if (!event?.requestContext?.http) return typeof event?.body === 'object' && event.body ? event.body : (event ?? {});
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    return { prompt: text };
  }
}

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const { prompt = 'Why stream a Lambda response?', delayMs = 120 } = request(event);
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
  const answer = `You asked: "${prompt}". Streaming sends each token the moment it exists, so the first words arrive in milliseconds instead of after the whole answer.`;
  const tokens = answer.split(/(?<= )/);
  stream.write(`event: start\ndata: ${JSON.stringify({ tokens: tokens.length })}\n\n`);
  for (const [index, token] of tokens.entries()) {
    await sleep(Number(delayMs));
    stream.write(`event: token\nid: ${index + 1}\ndata: ${JSON.stringify({ text: token })}\n\n`);
  }
  stream.write('event: done\ndata: {}\n\n');
  stream.end();
});
