/**
 * The response, calling `done` once its body has been sent or given up on (read to its end,
 * cancelled by the client, or failed), or at once when it has none: for what a request holds
 * while its answer streams (a person's share of replies at once).
 */
export function onResponseEnd(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    done();
  };
  // `flush` runs when the body has ended; `cancel` when the reader cancels or the source fails
  // (the Streams standard's transformer cancel, which Node has; TypeScript's DOM types lack it).
  const transformer: Transformer<Uint8Array, Uint8Array> & { cancel: () => void } = {
    flush: end,
    cancel: end,
  };
  const body = response.body.pipeThrough(new TransformStream(transformer));
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
