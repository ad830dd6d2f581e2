import { messageTree, pathTo } from "@/lib/chat/message";
import type { ConversationTree, StoredMessage } from "./chat-store";

/** The messages a conversation shows: from its first message down to its current leaf. */
export function currentPathOf(conversation: ConversationTree): StoredMessage[] {
  return pathTo(messageTree(conversation.messages), conversation.currentLeafId);
}
