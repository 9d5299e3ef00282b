// A classic buffered handler (no streamifyResponse): its return value arrives in one piece, whether it is called
// with Invoke or with InvokeWithResponseStream.
export const handler = async (event, context) => {
  console.log('event', JSON.stringify(event));
  return {
    message: `${process.env.GREETING ?? 'Hello'}, ${event.name ?? 'world'}!`,
    functionName: context.functionName,
    version: context.functionVersion,
    remainingMs: context.getRemainingTimeInMillis(),
  };
};
