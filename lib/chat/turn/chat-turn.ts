import { type Access, fullAccess, mayUseModel } from "@/lib/accounts/access-policy";
import { type ConversationSummary, toConversationSummary } from "@/lib/chat/conversation";
import type { ChatError } from "@/lib/chat/error";
import { type ReplyLimits, replyLimitsFrom } from "@/lib/chat/limits";
import { type LiveReplyLimits, stopLiveReply } from "@/lib/chat/live";
import { type ChatUIChunk, type ReplySource, type TurnData, toolStepsOf } from "@/lib/chat/message";
import type { ChatRequest } from "@/lib/chat/request";
import type { Env } from "@/lib/env";
import type { ChatStore, Conversation } from "@/lib/store";
import { type ChooseFileText, filesForModel } from "./file-context";
import { type ConversationLimits, type PreparedReply, prepareReply } from "./prepare-reply";
import { type ReplyPromptSources, replyPrompt } from "./reply-prompt";
import { createReplySaver } from "./reply-saver";
import { streamReply } from "./stream-reply";
import type { TurnRefusal } from "./turn-refusal";

/** How a turn is bounded and what it defaults to (settings CHAT_*). */
export interface TurnSettings extends ConversationLimits {
  /** The persona of a conversation that has not set its own. */
  systemPrompt: string;
  /** Model steps of one reply's tool loop. */
  maxSteps: number;
  maxOutputTokens: number;
  temperature?: number;
  replyLimits: ReplyLimits;
  /** When a reply nobody reads is stopped, and how many pages may follow one. */
  live: LiveReplyLimits;
  /** Characters of attached files' text the model gets in one reply (CHAT_FILE_CONTEXT_CHARS). */
  fileContextChars: number;
}

export function turnSettingsFrom(settings: Env): TurnSettings {
  return {
    systemPrompt: settings.CHAT_SYSTEM_PROMPT,
    maxMessages: settings.CHAT_MAX_MESSAGES,
    maxMessageChars: settings.CHAT_MAX_MESSAGE_CHARS,
    maxStoredMessages: settings.CHAT_MAX_STORED_MESSAGES,
    maxFilesPerMessage: settings.CHAT_FILES_PER_MESSAGE,
    fileContextChars: settings.CHAT_FILE_CONTEXT_CHARS,
    maxSteps: settings.CHAT_MAX_STEPS,
    maxOutputTokens: settings.CHAT_MAX_OUTPUT_TOKENS,
    temperature: settings.CHAT_TEMPERATURE,
    replyLimits: replyLimitsFrom(settings),
    live: {
      abandonAfterMs: settings.CHAT_ABANDONED_REPLY_MS,
      maxFollowers: settings.CHAT_MAX_FOLLOWERS,
    },
  };
}

/** What a turn works with, passed in: nothing is reached for inside. */
export interface ChatTurnDeps extends Omit<ReplyPromptSources, "systemPrompt"> {
  store: ChatStore;
  settings: TurnSettings;
  /** Told of every failed reply, with the original error as `cause` (the server logs it). */
  onError?: (error: ChatError) => void;
  /** Told when a write of a reply fails (the reply goes on; the store may lag). */
  onSaveError?: (error: unknown) => void;
  /**
   * How a conversation's model spec is named in the access policy (its choice id) and to people,
   * and the spec of a choice id the page sends (`null`: the default; undefined: no choice).
   * Without it every model is allowed, and a new conversation can choose none.
   */
  models?: {
    idOf: (spec: string | null) => string;
    nameOf: (spec: string | null) => string;
    specOf: (choiceId: string) => string | null | undefined;
  };
  /** Told of each finished reply's tokens, for the usage report. */
  onUsage?: (usage: ReplyUsage) => void;
  /** What of a long file goes in (file-context.ts); default: its beginning that fits. */
  chooseFileText?: ChooseFileText;
  /**
   * Per turn, what of a long file goes in and which passages the reply was given (retrieval,
   * lib/retrieval: stored with the reply as its sources); wins over `chooseFileText`.
   */
  fileChooser?: (
    store: ChatStore,
    scope: { ownerId: string; conversationId: string },
  ) => TurnFileChooser;
}

/** A turn's choice of file text that remembers the passages it gave, numbered for `[n]`. */
export interface TurnFileChooser {
  choose: ChooseFileText;
  sources(): ReplySource[];
}

/** What one reply used: for its owner's row of the day. */
export interface ReplyUsage {
  ownerId: string;
  /** The model's choice id (see `models`), or its name without them. */
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/**
 * What a turn did. A reply streams as an AI SDK UI message stream (the page reads it with
 * `useChat`); its first chunk says what the page shows around it (versions, the sidebar's entry).
 * With nobody to answer, the stream carries only that. A refusal stored nothing.
 */
export type ChatTurn =
  | { kind: "reply"; replyId: string; speaker: string; stream: ReadableStream<ChatUIChunk> }
  | { kind: "no-reply"; stream: ReadableStream<ChatUIChunk> }
  | { kind: "refused"; refusal: TurnRefusal };

/**
 * One turn of the streaming chat, whatever started it (lib/chat/request): the stored
 * conversation is brought in line with what the page sent — the user's message committed, a new
 * reply started, or the user's answers to a reply's tool calls applied — before the model is
 * called; the reply is then generated from the stored path, saved as it streams, and followable
 * from another request (lib/chat/live).
 */
export async function runChatTurn(
  deps: ChatTurnDeps,
  ownerId: string,
  request: ChatRequest,
  access: Access = fullAccess,
): Promise<ChatTurn> {
  const { store, settings } = deps;
  const stored = await store.getConversationInfo(ownerId, request.id);
  const chosen = stored ? null : newConversationModel(deps, request);
  if (chosen === undefined) return { kind: "refused", refusal: { reason: "model-not-offered" } };
  const forbidden = forbiddenModel(deps, stored, chosen, access);
  if (forbidden)
    return { kind: "refused", refusal: { reason: "model-not-allowed", model: forbidden } };
  const prepared = await prepareReply(store, ownerId, request, settings, { model: chosen });
  if (prepared.kind === "refused") return prepared;
  // The title the first message gave it, and its new place at the top of the sidebar.
  const conversation = toConversationSummary(
    (await store.getConversationInfo(ownerId, request.id)) ??
      (prepared.kind === "reply" ? prepared.reply.conversation : prepared.conversation),
  );
  if (prepared.kind === "no-reply") {
    return {
      kind: "no-reply",
      stream: turnDataStream({ versions: prepared.versions, conversation }),
    };
  }
  const { reply } = prepared;
  return {
    kind: "reply",
    replyId: reply.replyId,
    speaker: reply.speaker,
    stream: await startReplyStream(deps, ownerId, reply, conversation, access),
  };
}

/**
 * The spec of the model a new conversation's first message chose in the header (`null`: the
 * default, also when none was chosen), or undefined when the choice is not one the server offers.
 */
function newConversationModel(deps: ChatTurnDeps, request: ChatRequest): string | null | undefined {
  if (request.trigger !== "send" || request.model === undefined) return null;
  return deps.models?.specOf(request.model);
}

/**
 * The name of a model this conversation may answer with that the access forbids: its own, or a
 * participant's (any of them may be next). A new conversation answers with the model its first
 * message chose (`newModel`).
 */
function forbiddenModel(
  deps: ChatTurnDeps,
  info: Conversation | undefined,
  newModel: string | null,
  access: Access,
): string | undefined {
  const { models } = deps;
  if (!models || access.kind === "everything") return undefined;
  const specs = info
    ? [info.model, ...info.cast.participants.map((p) => p.model ?? info.model)]
    : [newModel];
  const spec = specs.find((candidate) => !mayUseModel(access, models.idOf(candidate)));
  return spec === undefined ? undefined : models.nameOf(spec);
}

async function startReplyStream(
  deps: ChatTurnDeps,
  ownerId: string,
  reply: PreparedReply,
  conversation: ConversationSummary,
  access: Access,
): Promise<ReadableStream<ChatUIChunk>> {
  const { store, settings } = deps;
  const { replyId, continues, speaker, next } = reply;
  const conversationId = reply.conversation.id;
  let prompt: Awaited<ReturnType<typeof replyPrompt>>;
  let unseenFiles: string[] = [];
  let sources: ReplySource[] = [];
  try {
    const chooser = deps.fileChooser?.(store, { ownerId, conversationId });
    const inputs = modelOf(deps, reply).inputs ?? { images: false, pdfs: false };
    const files = await filesForModel(store, ownerId, reply.history, {
      // The speaker's model: in a conversation of several participants, its seat's view carries
      // the files it takes as they are (reply-prompt.ts).
      inputs,
      maxChars: settings.fileContextChars,
      choose: chooser?.choose ?? deps.chooseFileText,
    });
    unseenFiles = files.unseen;
    sources = chooser?.sources() ?? [];
    prompt = await replyPrompt(
      reply,
      { ...deps, systemPrompt: settings.systemPrompt },
      { ownerId, access },
      files.parts,
    );
  } catch (error) {
    // No model to ask (a bad setting, say): the reply stored to write into ends at once.
    await store.updateMessage(ownerId, replyId, { status: "failed" });
    throw error;
  }
  return streamReply({
    ownerId,
    conversationId,
    replyId,
    history: prompt.history,
    continues,
    tools: prompt.tools,
    maxSteps: Math.max(1, settings.maxSteps - toolStepsOf(continues ?? [])),
    model: prompt.model.model,
    modelName: prompt.model.name,
    system: prompt.system,
    about: {
      // Said only where there is someone to tell apart: a plain chat's replies are unchanged.
      ...(reply.conversation.cast.participants.length > 1
        ? { speaker, ...(next.length ? { next } : {}) }
        : {}),
      ...(unseenFiles.length > 0 ? { unseenFiles } : {}),
      ...(sources.length > 0 ? { sources } : {}),
    },
    // Stored first in a new reply; a continued one has them already.
    sources: !continues && sources.length > 0 ? sources : undefined,
    unseenFiles: !continues && unseenFiles.length > 0 ? unseenFiles : undefined,
    turnData: { versions: reply.versions, conversation },
    maxOutputTokens: settings.maxOutputTokens,
    temperature: settings.temperature,
    limits: settings.replyLimits,
    live: settings.live,
    saver: createReplySaver(store, ownerId, replyId, {
      onError: deps.onSaveError,
      // Stop taken by another instance sharing the database.
      onStopRequested: () => stopLiveReply(ownerId, conversationId),
    }),
    onError: deps.onError,
    onUsage: deps.onUsage
      ? ({ inputTokens, outputTokens }) =>
          deps.onUsage?.({
            ownerId,
            model: deps.models?.idOf(prompt.spec) ?? prompt.model.name,
            inputTokens,
            outputTokens,
          })
      : undefined,
  });
}

/** The model the reply's participant answers with (as replyPrompt picks it). */
function modelOf(deps: ChatTurnDeps, reply: PreparedReply) {
  const { participants } = reply.conversation.cast;
  const participant =
    participants.find((candidate) => candidate.name === reply.speaker) ?? participants[0];
  return deps.modelFor(participant?.model ?? reply.conversation.model);
}

/** A turn's stream when nobody answers: what the page shows around the stored message, only. */
function turnDataStream(data: TurnData): ReadableStream<ChatUIChunk> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue({ type: "start" });
      controller.enqueue({ type: "data-turn", data, transient: true });
      controller.enqueue({ type: "finish" });
      controller.close();
    },
  });
}
