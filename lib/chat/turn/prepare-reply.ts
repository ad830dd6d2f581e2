import { type MessageVersions, pathVersions } from "@/lib/chat/conversation";
import {
  type FilePart,
  type HistoryMessage,
  type MessagePart,
  messageTree,
  partsOfText,
  pathTo,
} from "@/lib/chat/message";
import { type Cast, DEFAULT_PARTICIPANT, nextAfter, speakersFor } from "@/lib/chat/participants";
import type { ChatRequest } from "@/lib/chat/request";
import { answerToolCalls } from "@/lib/chat/tools";
import {
  type ChatStore,
  ChatStoreError,
  type Conversation,
  type ConversationTree,
  type StoredMessage,
} from "@/lib/store";
import type { TurnRefusal } from "./turn-refusal";

/** How much a conversation and one message may hold (settings CHAT_MAX_*). */
export interface ConversationLimits {
  /** Messages on the path the model sees, the reply included. */
  maxMessages: number;
  /** Characters in one message the user sends. */
  maxMessageChars: number;
  /** Messages the conversation stores, every version of each included. */
  maxStoredMessages: number;
  /** Files one message may carry. */
  maxFilesPerMessage: number;
}

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
  /** The versions of the messages on the path to the reply, the reply included. */
  versions: Record<string, MessageVersions>;
}

export type Prepared =
  | { kind: "reply"; reply: PreparedReply }
  /** Stored, and nobody answers (the manual order, and no one named). */
  | { kind: "no-reply"; conversation: Conversation; versions: Record<string, MessageVersions> }
  | { kind: "refused"; refusal: TurnRefusal };

const refused = (refusal: TurnRefusal): Prepared => ({ kind: "refused", refusal });
const notFound = refused({ reason: "conversation-not-found" });
const changed = refused({ reason: "conversation-changed" });

/**
 * Stores what the page asked for and the reply to write into — the user's message, committed
 * before the model is called (send); a new version of a reply (regenerate) or a participant's
 * turn (continue); the user's answers to a reply's tool calls (answer) — and gives the path the
 * model sees, built from the store.
 */
export async function prepareReply(
  store: ChatStore,
  ownerId: string,
  request: ChatRequest,
  limits: ConversationLimits,
  /** What a conversation the message starts is created with: its model's spec (`null`: the default). */
  created: { model: string | null } = { model: null },
): Promise<Prepared> {
  switch (request.trigger) {
    case "send":
      return prepareSend(store, ownerId, request, limits, created.model);
    case "regenerate":
    case "continue":
      return prepareNewReply(store, ownerId, request, limits);
    case "answer":
      return prepareAnswer(store, ownerId, request);
  }
}

async function prepareSend(
  store: ChatStore,
  ownerId: string,
  { id, message, parentId }: Extract<ChatRequest, { trigger: "send" }>,
  limits: ConversationLimits,
  newModel: string | null,
): Promise<Prepared> {
  if (message.text.trim() === "" && message.files.length === 0) {
    return refused({ reason: "empty-message" });
  }
  if (message.text.length > limits.maxMessageChars) {
    return refused({ reason: "message-too-long", maxChars: limits.maxMessageChars });
  }
  if (message.files.length > limits.maxFilesPerMessage) {
    return refused({ reason: "too-many-files", max: limits.maxFilesPerMessage });
  }
  const conversation = await openOrCreate(store, ownerId, id, newModel);
  if (!conversation) return notFound;
  const files = await filePartsFor(store, ownerId, id, message.files);
  if (!files) return refused({ reason: "file-not-found" });
  const tree = messageTree(conversation.messages);
  const before = parentId === null ? [] : pathTo(tree, parentId);
  if (parentId !== null && before.length === 0) return changed;
  const tooMuch = checkSize(conversation, before.length + 2, limits);
  if (tooMuch) return tooMuch;
  let user: StoredMessage | undefined;
  try {
    user = await store.appendMessage(ownerId, id, {
      id: message.id,
      role: "user",
      // Its files first, then its text.
      parts: [...files, ...partsOfText(message.text)],
      parentId,
    });
  } catch (error) {
    if (ChatStoreError.isInstance(error) && error.code === "id-taken") {
      return refused({ reason: "message-sent-already" });
    }
    if (ChatStoreError.isInstance(error) && error.code === "invalid-id") {
      return refused({ reason: "invalid-message-id", detail: error.message });
    }
    throw error;
  }
  if (!user) return notFound;
  const stored = { ...conversation, messages: [...conversation.messages, user] };
  const [speaker, ...next] = speakersFor(message.text, conversation.cast, lastSpeakerOf(before));
  if (speaker === undefined) {
    const path = [...before, user];
    return {
      kind: "no-reply",
      conversation,
      versions: pathVersions(messageTree(stored.messages), path),
    };
  }
  return startReply(store, ownerId, stored, [...before, user], speaker, next);
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
  limits: ConversationLimits,
): Promise<Prepared> {
  const conversation = await store.getConversation(ownerId, id);
  if (!conversation) return notFound;
  const path = pathTo(messageTree(conversation.messages), parentId);
  if (path.length === 0) return changed;
  const tooMuch = checkSize(conversation, path.length + 1, limits);
  if (tooMuch) return tooMuch;
  const who = speaker ?? nextAfter(conversation.cast, lastSpeakerOf(path));
  for (const name of [who, ...queue]) {
    if (!isInCast(conversation.cast, name)) return refused({ reason: "not-a-participant", name });
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
  const tree = messageTree(conversation.messages);
  const path = pathTo(tree, replyId);
  const stored = path.at(-1);
  if (stored?.role !== "assistant") return changed;
  if (stored.status === "streaming") return refused({ reason: "reply-going-on" });
  const answered = answerToolCalls(
    stored.parts,
    new Map(answers.map((answer) => [answer.approvalId, answer.approved])),
  );
  if (!answered.ok) return refused({ reason: answered.problem });
  // Of two answers that read the reply as it was (two tabs, a double click), one takes it: a
  // call runs once.
  const updated = await store.updateMessage(
    ownerId,
    stored.id,
    { parts: answered.parts, status: "streaming" },
    { ifStatus: stored.status },
  );
  if (!updated) return refused({ reason: "reply-going-on" });
  const speaker = stored.speaker ?? DEFAULT_PARTICIPANT;
  // The conversation shows this reply as it goes on (the user may have looked at another version).
  await store.setCurrentLeaf(ownerId, id, stored.id);
  return {
    kind: "reply",
    reply: {
      conversation,
      replyId: stored.id,
      history: [...path.slice(0, -1), { role: "assistant", parts: answered.parts }],
      continues: answered.parts,
      answered: answered.answered,
      speaker,
      next: [],
      versions: pathVersions(tree, path),
    },
  };
}

/** An empty reply by `speaker` under the path's last message, to write into as it streams. */
async function startReply(
  store: ChatStore,
  ownerId: string,
  conversation: ConversationTree,
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
  const tree = messageTree([...conversation.messages, reply]);
  return {
    kind: "reply",
    reply: {
      conversation,
      replyId: reply.id,
      history: path,
      speaker,
      next,
      versions: pathVersions(tree, [...path, reply]),
    },
  };
}

/**
 * The parts for the files a message names: each must be a file of this conversation, of this
 * owner (uploaded to it before the message is sent, or sent with an earlier version of it).
 * Undefined when one is not.
 */
async function filePartsFor(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  fileIds: readonly string[],
): Promise<FilePart[] | undefined> {
  if (fileIds.length === 0) return [];
  const files = new Map(
    (await store.listFiles(ownerId, conversationId)).map((file) => [file.id, file]),
  );
  const parts: FilePart[] = [];
  for (const fileId of new Set(fileIds)) {
    const file = files.get(fileId);
    if (!file) return undefined;
    parts.push({
      type: "file",
      fileId,
      name: file.name,
      mediaType: file.mediaType,
      size: file.size,
      ...(file.pages === null ? {} : { pages: file.pages }),
    });
  }
  return parts;
}

/** The participant who spoke last on the path (for round-robin). */
function lastSpeakerOf(path: readonly StoredMessage[]): string | undefined {
  const last = path.findLast((message) => message.role === "assistant");
  return last && (last.speaker ?? DEFAULT_PARTICIPANT);
}

function isInCast(cast: Cast, name: string): boolean {
  return cast.participants.some((participant) => participant.name === name);
}

/** The path the model would see, and the whole tree stored, each within its limit. */
function checkSize(
  conversation: ConversationTree,
  pathLength: number,
  limits: ConversationLimits,
): Prepared | undefined {
  if (pathLength > limits.maxMessages) {
    return refused({ reason: "too-many-messages", messages: pathLength, max: limits.maxMessages });
  }
  // The new message and its reply, at most.
  if (conversation.messages.length + 2 > limits.maxStoredMessages) {
    return refused({ reason: "conversation-full", max: limits.maxStoredMessages });
  }
  return undefined;
}

/** The owner's conversation, or a new one under the page's id; undefined if the id is not theirs. */
async function openOrCreate(
  store: ChatStore,
  ownerId: string,
  id: string,
  model: string | null,
): Promise<ConversationTree | undefined> {
  const existing = await store.getConversation(ownerId, id);
  if (existing) return existing;
  try {
    return { ...(await store.createConversation({ ownerId, id, model })), messages: [] };
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
