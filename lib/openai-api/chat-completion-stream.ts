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
import { type ChunkDelta, createChunkDeltaMapper } from "./to-chunk-delta";

/** What the client sees of the model's stream parts; the rest (metadata, text-start, …) is skipped. */
type ModelEvent =
  | { type: "delta"; delta: ChunkDelta }
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
 * output (text, thinking or a tool call) or finished, so a request that fails before that (too long, queue full, model missing)
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
  const toDelta = createChunkDeltaMapper();
  const nextEvent = () => nextEventOf(reader, toDelta);
  let next: ModelEvent | undefined;
  try {
    next = await nextEvent();
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }

  const chunk = (
    delta: ChunkDelta,
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
        const event = next ?? (await nextEvent());
        next = undefined;
        if (event.type === "delta") {
          onOutput?.();
          controller.enqueue(sseEvent(chunk(event.delta)));
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

async function nextEventOf(
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>,
  toDelta: (part: LanguageModelV4StreamPart) => ChunkDelta | undefined,
): Promise<ModelEvent> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { type: "end" };
    if (value.type === "finish") {
      return { type: "finish", finishReason: value.finishReason, usage: value.usage };
    }
    if (value.type === "error") throw value.error;
    const delta = toDelta(value);
    if (delta) return { type: "delta", delta };
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
