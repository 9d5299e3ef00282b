// Streams a large CSV report (30 MB by default) in 64 KB writes, waiting for 'drain' like a well-behaved producer.
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const megabytes = Number(event.megabytes ?? 30);
  const target = megabytes * 1024 * 1024;
  responseStream.setContentType('text/csv');
  responseStream.write('row,region,product,units,revenue\n');
  let written = 0;
  let row = 0;
  while (written < target) {
    let block = '';
    while (block.length < 64 * 1024) {
      row++;
      block += `${row},${['eu-west-1', 'us-east-1', 'ap-south-1'][row % 3]},product-${row % 97},${row % 50},${((row * 13.37) % 1000).toFixed(2)}\n`;
    }
    written += block.length;
    if (!responseStream.write(block)) await new Promise((resolve) => responseStream.once('drain', resolve));
  }
  console.log(`report done: ${row} rows, ${written} bytes`);
  responseStream.end();
});
