// Streams newline-delimited JSON rows, one write per row, like an export or a query cursor.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const rows = Number(event.rows ?? 100);
  const delayMs = Number(event.delayMs ?? 10);
  responseStream.setContentType('application/x-ndjson');
  for (let id = 1; id <= rows; id++) {
    const row = {
      id,
      sku: `SKU-${String(id).padStart(5, '0')}`,
      quantity: (id * 7) % 13,
      price: Number(((id * 3.7) % 100).toFixed(2)),
    };
    responseStream.write(`${JSON.stringify(row)}\n`);
    if (delayMs > 0) await sleep(delayMs);
  }
  responseStream.end();
});
