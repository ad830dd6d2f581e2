import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
} from "@ai-sdk/provider";
import type { AnthropicErrorBody } from "./anthropic-error";
import type { AnthropicStreamEvent, ContentBlockEvent } from "./anthropic-types";
import type { MessageIdentity } from "./create-message";
import { mapStopReason } from "./map-stop-reason";
import { mapUsage, NO_USAGE } from "./map-usage";
import { sseEvent } from "./sse-event";
import { type ContentEventMapper, createContentEventMapper } from "./to-content-events";

/** What the client sees of the model's stream: content events, the finish, or the end. */
type ModelEvent =
  | { type: "content"; events: ContentBlockEvent[] }
  | {
      type: "finish";
      finishReason: LanguageModelV4FinishReason;
      usage: LanguageModelV4Usage;
      providerMetadata: SharedV4ProviderMetadata | undefined;
    }
  | { type: "end" };

export interface MessageStreamOptions {
  /** The model produced output (reply limits restart their idle clock). */
  onOutput?: () => void;
  /** The stream ended, however it did. */
  onEnd?: () => void;
  /** Turns a failure after the stream began into the `error` event that reports it. */
  describeError: (error: unknown) => AnthropicErrorBody;
}

/**
 * A reply as Anthropic's server-sent events (`stream` true): `message_start` (usage not known
 * yet), a `ping`, each content block's events, then `message_delta` with the stop reason and the
 * whole usage, and `message_stop`. Resolves only once the model produced its first output or
 * finished, so a request that fails before (too long, busy, model missing) rejects and gets an
 * error status instead of a 200 stream; a later failure is one `error` event, which ends it.
 */
export async function streamMessage(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
  identity: MessageIdentity,
  { onOutput, onEnd, describeError }: MessageStreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  const { stream } = await model.doStream(options);
  const reader = stream.getReader();
  const mapper = createContentEventMapper();
  let next: ModelEvent | undefined;
  try {
    next = await nextEventOf(reader, mapper);
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }
  const send = (
    controller: ReadableStreamDefaultController<Uint8Array>,
    event: AnthropicStreamEvent,
  ) => controller.enqueue(sseEvent(event));

  return new ReadableStream<Uint8Array>({
    start(controller) {
      send(controller, {
        type: "message_start",
        message: {
          id: identity.id,
          type: "message",
          role: "assistant",
          model: identity.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: NO_USAGE,
        },
      });
      send(controller, { type: "ping" });
    },
    async pull(controller) {
      try {
        const event = next ?? (await nextEventOf(reader, mapper));
        next = undefined;
        if (event.type === "content") {
          onOutput?.();
          for (const content of event.events) send(controller, content);
          return;
        }
        for (const content of mapper.close()) send(controller, content);
        const finish = event.type === "finish" ? event : undefined;
        send(controller, {
          type: "message_delta",
          delta: finish
            ? mapStopReason(finish.finishReason, finish.providerMetadata)
            : { stop_reason: "end_turn", stop_sequence: null },
          usage: finish ? mapUsage(finish.usage) : NO_USAGE,
        });
        send(controller, { type: "message_stop" });
      } catch (error) {
        controller.enqueue(sseEvent(describeError(error)));
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

async function nextEventOf(
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>,
  mapper: ContentEventMapper,
): Promise<ModelEvent> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { type: "end" };
    if (value.type === "finish") {
      return {
        type: "finish",
        finishReason: value.finishReason,
        usage: value.usage,
        providerMetadata: value.providerMetadata,
      };
    }
    if (value.type === "error") throw value.error;
    const events = mapper.map(value);
    if (events.length > 0) return { type: "content", events };
  }
}
