"use server";

import { type ConversationSummary, toConversationSummary } from "@/lib/chat/conversation";
import { ChatStoreError, getChatStore } from "@/lib/store";
import { type ActionResult, NOT_FOUND, owner } from "./action-result";

/** The sidebar's actions on one conversation: rename and delete. */

export async function renameConversationAction(
  id: string,
  title: string,
): Promise<ActionResult<ConversationSummary>> {
  const trimmed = String(title).trim();
  if (!trimmed) return { ok: false, message: "A title cannot be empty." };
  try {
    const renamed = await (await getChatStore()).renameConversation(await owner(), id, trimmed);
    return renamed
      ? { ok: true, value: toConversationSummary(renamed) }
      : { ok: false, message: NOT_FOUND };
  } catch (error) {
    if (ChatStoreError.isInstance(error)) return { ok: false, message: error.message };
    throw error;
  }
}

export async function deleteConversationAction(id: string): Promise<ActionResult<null>> {
  const deleted = await (await getChatStore()).deleteConversation(await owner(), id);
  return deleted ? { ok: true, value: null } : { ok: false, message: NOT_FOUND };
}
