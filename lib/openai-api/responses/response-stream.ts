import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { sseNamedEvent } from "../sse-response";
import { mapResponseUsage } from "./map-response-usage";
import { createResponseEventMapper, type ItemIdPrefix } from "./response-event-mapper";
import {
  type ResponseEnd,
  type ResponseIdentity,
  responseObject,
  statusOf,
} from "./response-object";
import type { ItemEvent, ResponseError, ResponseEvent, ResponseObject } from "./responses-types";

export interface ResponseStreamOptions {
  newItemId: (prefix: ItemIdPrefix) => string;
  nowSeconds: () => number;
  /** The model produced output (reply limits restart their idle clock). */
  onOutput?: () => void;
  /** The stream ended, however it did. */
  onEnd?: () => void;
  /** A failure after the stream began, as the failed response's `error`. */
  describeError: (error: unknown) => ResponseError;
  /**
   * The response ended (completed, incomplete or failed): keep it before the client hears the
   * end, so that a `previous_response_id` sent right after finds it. A rejection fails the response.
   */
  onFinish?: (response: ResponseObject) => Promise<void>;
}

/** What the model's stream gave next: item events, or its end. */
type ModelStep =
  | { type: "events"; events: ItemEvent[] }
  | { type: "finish"; finishReason: LanguageModelV4FinishReason; usage: LanguageModelV4Usage };

/**
 * A response as server-sent events (`stream` true): `response.created` and
 * `response.in_progress`, the item events, then always one of `response.completed`,
 * `response.incomplete` (the token limit cut it) or `response.failed` (with the error), every
 * event numbered by `sequence_number`. Resolves only once the model produced its first output or
 * finished, so a request that fails before that (too long, queue full, model missing) rejects
 * and gets a proper status instead of a 200 stream.
 */
export async function streamResponse(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
  identity: ResponseIdentity,
  { newItemId, nowSeconds, onOutput, onEnd, describeError, onFinish }: ResponseStreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  const { stream } = await model.doStream(options);
  const reader = stream.getReader();
  const mapper = createResponseEventMapper(newItemId);
  const nextStep = () => nextStepOf(reader, mapper.map);
  let first: ModelStep;
  try {
    first = await nextStep();
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }

  let sequence = 0;
  const frame = ({ type, ...fields }: ResponseEvent) =>
    sseNamedEvent(type, { type, sequence_number: sequence++, ...fields });
  const snapshot = (end: ResponseEnd) =>
    responseObject(identity, [...mapper.output()], end, nowSeconds());

  /** Closes the open items and sends the response's last event, once it is kept. */
  async function end(
    controller: ReadableStreamDefaultController<Uint8Array>,
    ending: Exclude<ResponseEnd, { status: "in_progress" }>,
  ) {
    let final = ending;
    const closing = mapper.finish(final.status === "completed" ? "completed" : "incomplete");
    try {
      await onFinish?.(snapshot(final));
    } catch (error) {
      final = { status: "failed", error: describeError(error) };
    }
    for (const event of closing) controller.enqueue(frame(event));
    const type = `response.${final.status}` as const;
    controller.enqueue(frame({ type, response: snapshot(final) }));
  }

  let pending: ModelStep | undefined = first;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // The first output is already mapped (see above): the client hears of it after these.
      const created = responseObject(identity, [], { status: "in_progress" });
      controller.enqueue(frame({ type: "response.created", response: created }));
      controller.enqueue(frame({ type: "response.in_progress", response: created }));
    },
    async pull(controller) {
      try {
        const step = pending ?? (await nextStep());
        pending = undefined;
        if (step.type === "events") {
          onOutput?.();
          for (const event of step.events) controller.enqueue(frame(event));
          return;
        }
        const usage = mapResponseUsage(step.usage);
        await end(controller, {
          status: statusOf(step.finishReason),
          finishReason: step.finishReason,
          usage,
        });
      } catch (error) {
        await end(controller, { status: "failed", error: describeError(error) });
      }
      onEnd?.();
      controller.close();
    },
    // The client went away: stop the generation, which frees the model for the next request.
    cancel: (reason) => {
      onEnd?.();
      return reader.cancel(reason);
    },
  });
}

async function nextStepOf(
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>,
  map: (part: LanguageModelV4StreamPart) => ItemEvent[],
): Promise<ModelStep> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done)
      return { type: "finish", finishReason: { unified: "stop", raw: undefined }, usage: NO_USAGE };
    if (value.type === "finish") {
      return { type: "finish", finishReason: value.finishReason, usage: value.usage };
    }
    if (value.type === "error") throw value.error;
    const events = map(value);
    if (events.length > 0) return { type: "events", events };
  }
}

const NO_USAGE: LanguageModelV4Usage = {
  inputTokens: {
    total: undefined,
    noCache: undefined,
    cacheRead: undefined,
    cacheWrite: undefined,
  },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};
