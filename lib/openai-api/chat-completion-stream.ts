import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import type { CompletionIdentity } from "./chat-completion";
import { mapFinishReason, type OpenAIFinishReason } from "./map-finish-reason";
import { mapUsage } from "./map-usage";
import type { OpenAIErrorBody } from "./openai-api-error";
import type { ChatCompletionChunk } from "./openai-types";
import { SSE_DONE, sseEvent } from "./sse-response";

/** What the client sees of the model's stream parts; the rest (metadata, text-start, …) is skipped. */
type ModelEvent =
  | { type: "text"; text: string }
  | { type: "finish"; finishReason: LanguageModelV4FinishReason; usage: LanguageModelV4Usage }
  | { type: "end" };

export interface StreamOptions {
  includeUsage: boolean;
  /** The model produced output (reply limits restart their idle clock). */
  onOutput?: () => void;
  /** The stream ended, however it did. */
  onEnd?: () => void;
  /** Turns a failure after the stream began into the event that reports it. */
  describeError: (error: unknown) => OpenAIErrorBody;
}

/**
 * A reply as server-sent events (`stream` true). Resolves only once the model produced its first
 * text or finished, so a request that fails before that (too long, queue full, model missing)
 * rejects and gets a proper status instead of a 200 stream. Every chunk shares one id and
 * `created`; the first carries the role, exactly one the finish reason; a failure later becomes
 * an error event. `data: [DONE]` ends the stream either way.
 */
export async function streamChatCompletion(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
  identity: CompletionIdentity,
  { includeUsage, onOutput, onEnd, describeError }: StreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  const { stream } = await model.doStream(options);
  const reader = stream.getReader();
  let next: ModelEvent | undefined;
  try {
    next = await nextEvent(reader);
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }

  const chunk = (
    delta: ChatCompletionChunk["choices"][number]["delta"],
    finishReason: OpenAIFinishReason | null = null,
  ): ChatCompletionChunk => ({
    id: identity.id,
    object: "chat.completion.chunk",
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });

  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(sseEvent(chunk({ role: "assistant", content: "" })));
    },
    async pull(controller) {
      try {
        const event = next ?? (await nextEvent(reader));
        next = undefined;
        if (event.type === "text") {
          onOutput?.();
          controller.enqueue(sseEvent(chunk({ content: event.text })));
          return;
        }
        const finish = event.type === "finish" ? event : undefined;
        const reason = finish ? mapFinishReason(finish.finishReason) : "stop";
        controller.enqueue(sseEvent(chunk({}, reason)));
        if (includeUsage) {
          const usage = mapUsage(finish?.usage ?? NO_USAGE);
          controller.enqueue(sseEvent({ ...chunk({}), choices: [], usage }));
        }
      } catch (error) {
        controller.enqueue(sseEvent(describeError(error)));
      }
      onEnd?.();
      controller.enqueue(SSE_DONE);
      controller.close();
    },
    // The client went away: stop the generation, which frees the model for the next request.
    cancel: (reason) => {
      onEnd?.();
      return reader.cancel(reason);
    },
  });
}

async function nextEvent(
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>,
): Promise<ModelEvent> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { type: "end" };
    switch (value.type) {
      case "text-delta":
        if (value.delta !== "") return { type: "text", text: value.delta };
        break;
      case "finish":
        return { type: "finish", finishReason: value.finishReason, usage: value.usage };
      case "error":
        throw value.error;
    }
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
