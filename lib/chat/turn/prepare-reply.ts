import type { MessagePart } from "@/lib/chat/message/message-parts";
import { messageTree, pathTo } from "@/lib/chat/message/message-tree";
import type { HistoryMessage } from "@/lib/chat/message/model-history";
import { type Cast, DEFAULT_PARTICIPANT } from "@/lib/chat/participants/cast";
import { nextAfter, speakersFor } from "@/lib/chat/participants/next-speakers";
import type { ChatRequest } from "@/lib/chat/request/chat-request";
import { answerToolCalls } from "@/lib/chat/tools/tool-answers";
import type { Env } from "@/lib/env";
import {
  type ChatStore,
  ChatStoreError,
  type Conversation,
  type ConversationTree,
  type StoredMessage,
} from "@/lib/store";

/** A reply ready to be generated: stored (as `streaming`) and with what the model should see. */
export interface PreparedReply {
  conversation: Conversation;
  replyId: string;
  /** The stored path up to the reply (the reply itself too, when it is continued). */
  history: HistoryMessage[];
  /** A continued reply's parts so far, with the user's answers applied. */
  continues?: MessagePart[];
  /** The approvals the user just answered (approval id → allowed). */
  answered?: Map<string, boolean>;
  /** The participant who writes the reply. */
  speaker: string;
  /** The participants still to answer after this one (several named, or `all`). */
  next: string[];
}

export type Prepared =
  | { ok: true; reply: PreparedReply }
  /** Stored, and nobody answers (the manual order, and no one named). */
  | { ok: true; reply: null; conversation: Conversation }
  | { ok: false; status: number; message: string };

const notFound: Prepared = { ok: false, status: 404, message: "This conversation does not exist." };

/**
 * Stores what the page asked for and the reply to write into — the user's message, committed
 * before the model is called (send); a new version of a reply (regenerate); the user's answers to
 * a reply's tool calls (answer) — and gives the path the model sees, built from the store.
 */
export async function prepareReply(
  store: ChatStore,
  ownerId: string,
  request: ChatRequest,
  settings: Env,
): Promise<Prepared> {
  switch (request.trigger) {
    case "send":
      return prepareSend(store, ownerId, request, settings);
    case "regenerate":
    case "continue":
      return prepareNewReply(store, ownerId, request, settings);
    case "answer":
      return prepareAnswer(store, ownerId, request);
  }
}

async function prepareSend(
  store: ChatStore,
  ownerId: string,
  { id, message, parentId }: Extract<ChatRequest, { trigger: "send" }>,
  settings: Env,
): Promise<Prepared> {
  if (message.text.trim() === "") {
    return { ok: false, status: 400, message: "The message is empty: type something to send." };
  }
  const conversation = await openOrCreate(store, ownerId, id);
  if (!conversation) return notFound;
  const tree = messageTree(conversation.messages);
  const before = parentId === null ? [] : pathTo(tree, parentId);
  if (parentId !== null && before.length === 0) return changed;
  const tooLong = checkLength(before.length + 2, settings);
  if (tooLong) return tooLong;
  try {
    const user = await store.appendMessage(ownerId, id, {
      id: message.id,
      role: "user",
      content: message.text,
      parentId,
    });
    if (!user) return notFound;
    const [speaker, ...next] = speakersFor(message.text, conversation.cast, lastSpeakerOf(before));
    if (speaker === undefined) return { ok: true, reply: null, conversation };
    return startReply(store, ownerId, conversation, [...before, user], speaker, next);
  } catch (error) {
    if (ChatStoreError.isInstance(error) && error.code === "id-taken") {
      return { ok: false, status: 409, message: "This message was sent already: reload the page." };
    }
    if (ChatStoreError.isInstance(error) && error.code === "invalid-id") {
      return { ok: false, status: 400, message: error.message };
    }
    throw error;
  }
}

/**
 * A new reply under `parentId` without a new message of the user's: a new version of a reply
 * (regenerate: `parentId` is the user's message) or a participant's turn (continue). Unnamed, the
 * speaker is whoever's turn it is after the last one who spoke before the reply.
 */
async function prepareNewReply(
  store: ChatStore,
  ownerId: string,
  {
    id,
    parentId,
    speaker,
    queue = [],
  }: { id: string; parentId: string; speaker?: string; queue?: string[] },
  settings: Env,
): Promise<Prepared> {
  const conversation = await store.getConversation(ownerId, id);
  if (!conversation) return notFound;
  const path = pathTo(messageTree(conversation.messages), parentId);
  if (path.length === 0) return changed;
  const tooLong = checkLength(path.length + 1, settings);
  if (tooLong) return tooLong;
  const who = speaker ?? nextAfter(conversation.cast, lastSpeakerOf(path));
  for (const name of [who, ...queue]) {
    if (!isInCast(conversation.cast, name)) return notInCast(name);
  }
  return startReply(store, ownerId, conversation, path, who, queue);
}

async function prepareAnswer(
  store: ChatStore,
  ownerId: string,
  { id, replyId, answers }: Extract<ChatRequest, { trigger: "answer" }>,
): Promise<Prepared> {
  const conversation = await store.getConversation(ownerId, id);
  if (!conversation) return notFound;
  const path = pathTo(messageTree(conversation.messages), replyId);
  const stored = path.at(-1);
  if (stored?.role !== "assistant") return changed;
  if (stored.status === "streaming") {
    return { ok: false, status: 409, message: "This reply is already going on." };
  }
  const answered = answerToolCalls(
    stored.parts,
    new Map(answers.map((answer) => [answer.approvalId, answer.approved])),
  );
  if (!answered.ok) return { ok: false, status: 400, message: answered.message };
  const updated = await store.updateMessage(ownerId, stored.id, {
    parts: answered.parts,
    status: "streaming",
  });
  if (!updated) return notFound;
  const speaker = stored.speaker ?? DEFAULT_PARTICIPANT;
  // The conversation shows this reply as it goes on (the user may have looked at another version).
  await store.setCurrentLeaf(ownerId, id, stored.id);
  return {
    ok: true,
    reply: {
      conversation,
      replyId: stored.id,
      history: [...path.slice(0, -1), { role: "assistant", parts: answered.parts }],
      continues: answered.parts,
      answered: answered.answered,
      speaker,
      next: [],
    },
  };
}

/** An empty reply by `speaker` under the path's last message, to write into as it streams. */
async function startReply(
  store: ChatStore,
  ownerId: string,
  conversation: Conversation,
  path: StoredMessage[],
  speaker: string,
  next: string[],
): Promise<Prepared> {
  const reply = await store.appendMessage(ownerId, conversation.id, {
    role: "assistant",
    content: "",
    status: "streaming",
    parentId: path.at(-1)?.id ?? null,
    // A plain chat's replies stay as they always were: no speaker.
    speaker: conversation.cast.participants.length > 1 ? speaker : null,
  });
  if (!reply) return notFound;
  return { ok: true, reply: { conversation, replyId: reply.id, history: path, speaker, next } };
}

/** The participant who spoke last on the path (for round-robin). */
function lastSpeakerOf(path: readonly StoredMessage[]): string | undefined {
  const last = path.findLast((message) => message.role === "assistant");
  return last && (last.speaker ?? DEFAULT_PARTICIPANT);
}

function isInCast(cast: Cast, name: string): boolean {
  return cast.participants.some((participant) => participant.name === name);
}

function notInCast(name: string): Prepared {
  return {
    ok: false,
    status: 400,
    message: `${name} is not a participant of this conversation.`,
  };
}

const changed: Prepared = {
  ok: false,
  status: 409,
  message: "This conversation has changed since the page showed it: reload the page.",
};

function checkLength(messages: number, settings: Env): Prepared | undefined {
  if (messages <= settings.CHAT_MAX_MESSAGES) return undefined;
  return {
    ok: false,
    status: 400,
    message: `The conversation has ${messages} messages; at most ${settings.CHAT_MAX_MESSAGES} are accepted. Start a new conversation.`,
  };
}

/** The owner's conversation, or a new one under the page's id; undefined if the id is not theirs. */
async function openOrCreate(
  store: ChatStore,
  ownerId: string,
  id: string,
): Promise<ConversationTree | undefined> {
  const existing = await store.getConversation(ownerId, id);
  if (existing) return existing;
  try {
    return { ...(await store.createConversation({ ownerId, id })), messages: [] };
  } catch (error) {
    // Someone else's id (or no id at all) is not found, never forbidden.
    if (
      ChatStoreError.isInstance(error) &&
      (error.code === "id-taken" || error.code === "invalid-id")
    ) {
      return undefined;
    }
    throw error;
  }
}
