import type { Env } from "@/lib/env";
import {
  type ChatStore,
  ChatStoreError,
  type Conversation,
  type ConversationWithMessages,
} from "@/lib/store";
import { toMessages } from "./chat-ui-message";
import { historyLimitsFrom } from "./history-limits";
import type { MessagePart } from "./message-parts";
import { partsOfText } from "./message-parts";
import type { HistoryMessage } from "./model-history";
import { syncHistory } from "./sync-history";
import { answersOf, answerToolCalls } from "./tool-answers";
import { validateHistory } from "./validate-history";

/** A reply ready to be generated: stored (as `streaming`) and with what the model should see. */
export interface PreparedReply {
  conversation: Conversation;
  replyId: string;
  /** The stored conversation up to the reply (the reply itself too, when it is continued). */
  history: HistoryMessage[];
  /** A continued reply's parts so far, with the user's answers applied. */
  continues?: MessagePart[];
  /** The approvals the user just answered (approval id → allowed). */
  answered?: Map<string, boolean>;
}

export type Prepared =
  | { ok: true; reply: PreparedReply }
  | { ok: false; status: number; message: string };

/** What the page sends, as far as these steps read it (shape-checked by the route's schema). */
interface PageMessage {
  id: string;
  role: string;
  parts: ReadonlyArray<{ type: string; text?: string }>;
}

const notFound: Prepared = { ok: false, status: 404, message: "This conversation does not exist." };

/**
 * A new turn: the page sent the conversation ending with the user's message. The stored
 * conversation is brought in line with it (the user's message committed; an edit or regenerate
 * cuts the stored tail) and an empty reply is stored to write into.
 */
export async function prepareNewTurn(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  messages: readonly PageMessage[],
  settings: Env,
): Promise<Prepared> {
  const validation = validateHistory(toMessages(messages), historyLimitsFrom(settings));
  if (!validation.ok) return { ok: false, status: 400, message: validation.message };

  const conversation = await openOrCreate(store, ownerId, conversationId);
  if (!conversation) return notFound;
  const { keep, append } = syncHistory(conversation.messages, validation.history);
  if (keep < conversation.messages.length) {
    await store.truncateAfter(ownerId, conversationId, conversation.messages[keep - 1]?.seq ?? -1);
  }
  for (const message of append) await store.appendMessage(ownerId, conversationId, message);
  const reply = await store.appendMessage(ownerId, conversationId, {
    role: "assistant",
    content: "",
    status: "streaming",
  });
  if (!reply) return notFound;
  const history: HistoryMessage[] = [
    ...conversation.messages.slice(0, keep),
    ...append.map((message) => ({ role: message.role, parts: partsOfText(message.content) })),
  ];
  return { ok: true, reply: { conversation, replyId: reply.id, history } };
}

/**
 * The user answered the tool calls a reply is waiting on (Allow / Deny): the page sent its copy of
 * that reply, from which only the answers are read. The stored reply takes them and goes on.
 */
export async function prepareAnsweredTurn(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  answeredMessage: PageMessage,
): Promise<Prepared> {
  const conversation = await store.getConversation(ownerId, conversationId);
  if (!conversation) return notFound;
  const stored = conversation.messages.at(-1);
  if (stored?.role !== "assistant" || stored.id !== answeredMessage.id) {
    return {
      ok: false,
      status: 409,
      message: "This reply is no longer the conversation's last message: reload the page.",
    };
  }
  if (stored.status === "streaming") {
    return { ok: false, status: 409, message: "This reply is already going on." };
  }
  const answered = answerToolCalls(stored.parts, answersOf(answeredMessage.parts));
  if (!answered.ok) return { ok: false, status: 400, message: answered.message };
  const updated = await store.updateMessage(ownerId, stored.id, {
    parts: answered.parts,
    status: "streaming",
  });
  if (!updated) return notFound;
  return {
    ok: true,
    reply: {
      conversation,
      replyId: stored.id,
      history: [
        ...conversation.messages.slice(0, -1),
        { role: "assistant", parts: answered.parts },
      ],
      continues: answered.parts,
      answered: answered.answered,
    },
  };
}

/** The owner's conversation, or a new one under the page's id; undefined if the id is not theirs. */
async function openOrCreate(
  store: ChatStore,
  ownerId: string,
  id: string,
): Promise<ConversationWithMessages | undefined> {
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
