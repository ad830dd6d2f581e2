import type { SharedV4ProviderMetadata } from "@ai-sdk/provider";
import {
  createUIMessageStream,
  type LanguageModel,
  type ModelMessage,
  stepCountIs,
  streamText,
  type TextStreamPart,
  type ToolSet,
  toUIMessageStream,
  type UIMessageStreamWriter,
} from "ai";
import { type ChatError, toChatError } from "@/lib/chat/error";
import { type ReplyLimits, watchReplyLimits } from "@/lib/chat/limits";
import { type LiveReplyLimits, startLiveReply } from "@/lib/chat/live";
import {
  type ChatUIChunk,
  type ChatUIMessage,
  type MessagePart,
  type ReplyMetadata,
  type ReplySource,
  type TurnData,
  thoughtMsOf,
  toUIChunks,
} from "@/lib/chat/message";
import type { ConversationTools } from "@/lib/chat/tools";
import { isLlamaCppQueuePlace, LLAMA_CPP_PROVIDER } from "@/lib/models/llama-cpp";
import { createReplyParts } from "./reply-parts";
import type { ReplySaver } from "./reply-saver";

export interface StreamReplyOptions {
  ownerId: string;
  conversationId: string;
  /**
   * The stored id of the reply being written; the page gets the same id (and, for a continued
   * reply, goes on with the message of that id it already shows).
   */
  replyId: string;
  /**
   * What the model sees (lib/chat/message/model-history.ts): the conversation up to the user's message,
   * or up to the reply being continued once the user has answered its tool calls.
   */
  history: ModelMessage[];
  /** A continued reply: the parts it already has, which its new ones follow. */
  continues?: MessagePart[];
  /** The conversation's MCP tools; none when absent. */
  tools?: ConversationTools;
  /** Most model steps this reply may still take (CHAT_MAX_STEPS, less those already taken). */
  maxSteps: number;
  /** Who writes it and who answers next, for the page (a conversation with several participants). */
  about?: Pick<ReplyMetadata, "speaker" | "next" | "unseenFiles" | "sources">;
  /** The passages of files the reply was given (retrieval): stored as its first part. */
  sources?: ReplySource[];
  /** Files its model could not take, stored first in a new reply with the sources. */
  unseenFiles?: string[];
  /** What the page shows around the reply once the turn is stored (sent first, not stored). */
  turnData?: TurnData;
  model: LanguageModel;
  modelName: string;
  system: string;
  maxOutputTokens: number;
  temperature?: number;
  limits: ReplyLimits;
  /** When the reply stops for want of readers, and how many may follow it (lib/chat/live). */
  live?: LiveReplyLimits;
  saver: ReplySaver;
  onError?: (error: ChatError) => void;
  /** Told once the model has finished, of the tokens the reply took (all its steps). */
  onUsage?: (usage: { inputTokens: number; outputTokens: number }) => void;
}

/**
 * Streams the assistant's reply as an AI SDK UI message stream, saving it as it goes. The model
 * call is aborted by Stop, by nobody reading the reply any more (lib/chat/live: the page left and
 * no reload followed it in time), or by a limit (reply-limits.ts); a page reloaded mid-reply
 * follows it. A reply a limit stopped ends in an error naming the limit, not as a user's Stop.
 */
export function streamReply(options: StreamReplyOptions): ReadableStream<ChatUIChunk> {
  const startedAt = performance.now();
  let firstTokenAt: number | undefined;
  let droppedMessages: number | undefined;
  const { tools } = options;
  const reply = createReplyParts({
    initial: options.continues ?? firstParts(options),
    serverOf: tools?.serverOf,
  });
  const live = startLiveReply(options.ownerId, options.conversationId, {
    replayFirst: options.continues && toUIChunks(options.replyId, options.continues),
    limits: options.live,
  });
  const limits = watchReplyLimits(options.limits);
  const { saver } = options;
  let writer: UIMessageStreamWriter<ChatUIMessage> | undefined;

  const result = streamText({
    model: options.model,
    instructions: options.system,
    messages: options.history,
    ...(tools && Object.keys(tools.tools).length > 0
      ? { tools: tools.tools, toolApproval: tools.toolApproval }
      : {}),
    // Call, result, call, …, answer — or a pause for the user's approval, which ends this stream.
    stopWhen: stepCountIs(options.maxSteps),
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    abortSignal: AbortSignal.any([live.signal, limits.signal]),
    // A conversation longer than the local model's context loses its oldest turns rather than
    // failing; other providers ignore this.
    // The local model reuses, and tells of, only this owner's cached prompts (issue 21).
    providerOptions: { llamaCpp: { overflow: "trim-oldest", cacheOwner: options.ownerId } },
    // The local provider's raw chunks say where a reply waits in its queue (other providers'
    // raw chunks would be every event of their HTTP stream: not asked for).
    includeRawChunks: isLocalModel(options.model),
    onChunk: ({ chunk }) => {
      if (chunk.type === "raw" && isLlamaCppQueuePlace(chunk.rawValue)) {
        writer?.write({
          type: "data-queue",
          data: { place: chunk.rawValue.place },
          transient: true,
        });
      }
      if (isOutput(chunk.type)) limits.output();
      reply.add(chunk);
      if (chunk.type !== "raw") saver.progress(reply.parts);
    },
    onEnd: (event) => {
      limits.end();
      saver.finish(reply.parts(), "complete", droppedMessagesOf(event.providerMetadata));
    },
    // Stopped by the user is `stopped`; cut off by a limit is `failed`.
    // A call still running when the reply ends this way is interrupted (its tool was aborted).
    onAbort: () => {
      limits.end();
      reply.interruptRunning();
      saver.finish(reply.parts(), limits.exceeded ? "failed" : "stopped");
    },
    onError: () => {
      limits.end();
      reply.interruptRunning();
      saver.finish(reply.parts(), "failed");
    },
  });
  // Keeps the generation going to its end even if nobody reads the response any more. A model
  // stream that throws reaches neither onError nor onAbort: the reply is finished as failed here.
  result.consumeStream({
    onError: () => {
      limits.end();
      reply.interruptRunning();
      saver.finish(reply.parts(), "failed");
    },
  });
  /** The page's words for a failure (a limit's, when one was exceeded), logged once. */
  const describeError = (error: unknown): string => {
    const chatError = toChatError(limits.exceeded ? limits.signal.reason : error);
    options.onError?.(chatError);
    // Each tool's description is part of the prompt: with many tools a small model's context
    // is full before the conversation starts.
    const toolCount = Object.keys(tools?.tools ?? {}).length;
    if (chatError.code === "conversation-too-long" && toolCount > 0) {
      return `${chatError.message} The ${toolCount} tools this conversation offers take room too: turn some off in its Settings.`;
    }
    return chatError.message;
  };

  const replyStream = toUIMessageStream<ToolSet, ChatUIMessage>({
    stream: result.stream,
    generateMessageId: () => options.replyId,
    messageMetadata: ({ part }): ReplyMetadata | undefined => {
      if (part.type === "start") return { model: options.modelName, ...options.about };
      if (part.type === "text-delta" && firstTokenAt === undefined) {
        firstTokenAt = performance.now();
      }
      if (part.type === "finish-step") {
        droppedMessages = droppedMessagesOf(part.providerMetadata) ?? droppedMessages;
      }
      if (part.type === "finish") {
        const output = part.totalUsage.outputTokens ?? 0;
        options.onUsage?.({ inputTokens: part.totalUsage.inputTokens ?? 0, outputTokens: output });
        const decodeSeconds = (performance.now() - (firstTokenAt ?? startedAt)) / 1000;
        return {
          model: options.modelName,
          ...options.about,
          usage: {
            inputTokens: part.totalUsage.inputTokens ?? 0,
            outputTokens: output,
            cachedInputTokens: part.totalUsage.inputTokenDetails.cacheReadTokens ?? 0,
          },
          timeToFirstTokenMs:
            firstTokenAt === undefined ? undefined : Math.round(firstTokenAt - startedAt),
          tokensPerSecond:
            output > 1 && decodeSeconds > 0 ? Math.round((output - 1) / decodeSeconds) : undefined,
          droppedMessages,
          thoughtMs: thoughtMsOf(reply.parts()),
        };
      }
      return undefined;
    },
    onError: describeError,
  });
  const forThePage = new TransformStream<ChatUIChunk, ChatUIChunk>({
    transform(chunk, controller) {
      // A limit aborts the model call like Stop does; the page must read it as the error it is.
      if (chunk.type === "abort" && limits.exceeded) {
        const chatError = toChatError(limits.signal.reason);
        options.onError?.(chatError);
        controller.enqueue({ type: "error", errorText: chatError.message });
        return;
      }
      controller.enqueue(chunk);
      // What the page shows around the reply, right after it starts.
      if (chunk.type === "start" && options.turnData) {
        controller.enqueue({ type: "data-turn", data: options.turnData, transient: true });
      }
    },
  });
  const stream = createUIMessageStream<ChatUIMessage>({
    execute: ({ writer: uiWriter }) => {
      writer = uiWriter;
      writer.merge(replyStream.pipeThrough(forThePage));
    },
    // A model stream that fails by throwing rather than with an error part (the local
    // provider's context overflow does) ends here, not in toUIMessageStream's onError.
    onError: describeError,
  });
  return live.record(stream);
}

/** From the local provider (trim-oldest): how many of the oldest messages the model did not see. */
function droppedMessagesOf(metadata: SharedV4ProviderMetadata | undefined): number | undefined {
  const dropped = metadata?.llamaCpp?.droppedMessages;
  return typeof dropped === "number" && dropped > 0 ? dropped : undefined;
}

/** Stream parts that show the model is producing (the idle clock restarts), not waiting. */
function isOutput(type: TextStreamPart<ToolSet>["type"]): boolean {
  return (
    type === "text-delta" ||
    type === "reasoning-delta" ||
    type === "tool-input-delta" ||
    type === "tool-call" ||
    type === "tool-result" ||
    type === "tool-error"
  );
}

function isLocalModel(model: LanguageModel): boolean {
  return typeof model === "object" && model.provider === LLAMA_CPP_PROVIDER;
}

/** What a new reply stores before its text: the passages it was given, the files its model could not take. */
function firstParts({ sources, unseenFiles }: StreamReplyOptions): MessagePart[] {
  return [
    ...(sources?.length ? [{ type: "sources" as const, sources }] : []),
    ...(unseenFiles?.length ? [{ type: "unseen-files" as const, names: unseenFiles }] : []),
  ];
}
