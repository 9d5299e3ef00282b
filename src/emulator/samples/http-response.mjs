// A function-URL style response: HttpResponseStream.from puts a JSON prelude (status, headers, cookies) and 8 NUL
// bytes in front of the body. Through InvokeWithResponseStream the prelude arrives as the first bytes of the stream.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: Number(event.statusCode ?? 200),
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Powered-By': 'lambda-stream' },
    cookies: ['session=local; Path=/; HttpOnly'],
  });
  stream.write('<!doctype html><html><body>');
  for (const section of event.sections ?? ['Header', 'Content', 'Footer']) {
    stream.write(`<section><h2>${section}</h2></section>`);
    await sleep(100);
  }
  stream.write('</body></html>\n');
  stream.end();
});
