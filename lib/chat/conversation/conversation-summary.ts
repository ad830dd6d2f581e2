import type { Conversation } from "@/lib/store";

/** What the sidebar shows of a conversation; plain JSON, so it crosses to the browser as is. */
export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: string;
}

export function toConversationSummary(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    updatedAt: conversation.updatedAt.toISOString(),
  };
}
