import { latestLeafUnder, messageTree } from "@/lib/chat/message";
import type { ChatStore } from "@/lib/store";
import { type ConversationView, conversationView } from "./conversation-view";

/**
 * Shows another version of a message (‹ Previous version / Next version ›): that version and,
 * below it, the branch last written there. The choice is stored: a reload shows it, and the next
 * message continues it. Undefined when the conversation is not the owner's; `gone` when the
 * version no longer exists.
 */
export async function showVersion(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  messageId: string,
): Promise<ConversationView | "gone" | undefined> {
  const conversation = await store.getConversation(ownerId, conversationId);
  if (!conversation) return undefined;
  const leaf = latestLeafUnder(messageTree(conversation.messages), messageId);
  if (!leaf) return "gone";
  const updated = await store.setCurrentLeaf(ownerId, conversationId, leaf.id);
  if (!updated) return undefined;
  return conversationView({ ...conversation, currentLeafId: leaf.id });
}

/** Deletes a version of a message and everything that follows it; what the conversation shows now. */
export async function deleteVersion(
  store: ChatStore,
  ownerId: string,
  conversationId: string,
  messageId: string,
): Promise<ConversationView | undefined> {
  const deleted = await store.deleteBranch(ownerId, conversationId, messageId);
  if (deleted === undefined) return undefined;
  const conversation = await store.getConversation(ownerId, conversationId);
  return conversation && conversationView(conversation);
}
