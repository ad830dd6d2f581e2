import { type LanguageModel, streamText } from "ai";
import { finishReply, startReply } from "./active-replies";
import { type ChatError, toChatError } from "./chat-error";
import type { ChatUIMessage, ReplyMetadata } from "./chat-ui-message";
import type { Message } from "./message";

export interface StreamReplyOptions {
  conversationId: string;
  /** Validated history, ending with the user's message. */
  history: Message[];
  /** The page's messages, so the stream continues them (ids stay stable). */
  originalMessages: ChatUIMessage[];
  model: LanguageModel;
  modelName: string;
  system: string;
  maxOutputTokens: number;
  temperature?: number;
  timeoutMs: number;
  onError?: (error: ChatError) => void;
}

/**
 * Streams the assistant's reply as an AI SDK UI message stream. The model call is aborted only
 * by Stop (see active-replies.ts) or the timeout, not by the client going away: the stream is
 * consumed to the end on the server either way.
 */
export function streamReply(options: StreamReplyOptions): Response {
  const startedAt = performance.now();
  let firstTokenAt: number | undefined;
  const reply = startReply(options.conversationId);
  const timeout = AbortSignal.timeout(options.timeoutMs);

  const result = streamText({
    model: options.model,
    system: options.system,
    messages: options.history,
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    abortSignal: AbortSignal.any([reply.signal, timeout]),
    onFinish: () => finishReply(options.conversationId, reply),
    onAbort: () => finishReply(options.conversationId, reply),
    onError: () => finishReply(options.conversationId, reply),
  });
  // Keeps the generation going to its end even if nobody reads the response any more.
  result.consumeStream();

  return result.toUIMessageStreamResponse<ChatUIMessage>({
    originalMessages: options.originalMessages,
    messageMetadata: ({ part }): ReplyMetadata | undefined => {
      if (part.type === "start") return { model: options.modelName };
      if (part.type === "text-delta" && firstTokenAt === undefined) {
        firstTokenAt = performance.now();
      }
      if (part.type === "finish") {
        const output = part.totalUsage.outputTokens ?? 0;
        const decodeSeconds = (performance.now() - (firstTokenAt ?? startedAt)) / 1000;
        return {
          model: options.modelName,
          usage: {
            inputTokens: part.totalUsage.inputTokens ?? 0,
            outputTokens: output,
            cachedInputTokens: part.totalUsage.inputTokenDetails.cacheReadTokens ?? 0,
          },
          timeToFirstTokenMs:
            firstTokenAt === undefined ? undefined : Math.round(firstTokenAt - startedAt),
          tokensPerSecond:
            output > 1 && decodeSeconds > 0 ? Math.round((output - 1) / decodeSeconds) : undefined,
        };
      }
      return undefined;
    },
    onError: (error) => {
      const chatError = toChatError(error, { timedOut: timeout.aborted });
      options.onError?.(chatError);
      return chatError.message;
    },
  });
}
