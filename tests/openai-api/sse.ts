import { EventSourceParserStream } from "eventsource-parser/stream";

/** The `data` of every server-sent event of a response, in order, read to the end. */
export async function readSseData(response: Response): Promise<string[]> {
  if (!response.body) throw new Error("the response has no body");
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  const data: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return data;
    data.push(value.data);
  }
}

/** The events of an OpenAI stream: every JSON chunk, and whether `[DONE]` came last. */
export async function readChunks(
  response: Response,
): Promise<{ chunks: unknown[]; done: boolean }> {
  const data = await readSseData(response);
  const done = data.at(-1) === "[DONE]";
  return { chunks: (done ? data.slice(0, -1) : data).map((d) => JSON.parse(d)), done };
}

/** The events of a Responses API stream: each event's name and its JSON data, in order. */
export async function readNamedEvents(
  response: Response,
): Promise<Array<{ event: string | undefined; data: Record<string, unknown> }>> {
  if (!response.body) throw new Error("the response has no body");
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  const events: Array<{ event: string | undefined; data: Record<string, unknown> }> = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    events.push({ event: value.event, data: JSON.parse(value.data) });
  }
}
