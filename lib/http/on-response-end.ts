/**
 * The response, calling `done` once its body has been sent or given up on (a stream read to its
 * end, cancelled or failed), or at once when it has none: for what a request holds while its
 * answer streams (a person's share of replies at once).
 */
export function onResponseEnd(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  const watched = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({ flush: () => done() }),
  );
  const reader = watched.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: finished } = await reader.read();
        if (finished) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
