import { JsonToSseTransformStream } from "ai";

/**
 * Server-sent events the way OpenAI frames them: `data: <json>` per object, then `data: [DONE]`
 * (the AI SDK's own transform). `no-transform` keeps compression from buffering the stream.
 */
export function sseResponse(events: ReadableStream<unknown>): Response {
  return new Response(
    events.pipeThrough(new JsonToSseTransformStream()).pipeThrough(new TextEncoderStream()),
    {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    },
  );
}
