"use server";

import { type ConversationView, deleteVersion, showVersion } from "@/lib/chat/conversation";
import { getChatStore } from "@/lib/store";
import { type ActionResult, NOT_FOUND, owner } from "./action-result";

/**
 * Shows another version of a message (‹ Previous version / Next version ›): that version and the
 * branch last written below it. The choice is stored: a reload shows it, the next message
 * continues it.
 */
export async function showVersionAction(
  id: string,
  messageId: string,
): Promise<ActionResult<ConversationView>> {
  const view = await showVersion(await getChatStore(), await owner(), id, String(messageId));
  if (view === "gone") {
    return { ok: false, message: "That version no longer exists: reload the page." };
  }
  return view ? { ok: true, value: view } : { ok: false, message: NOT_FOUND };
}

/** Deletes a version of a message and everything that follows it; the page shows what remains. */
export async function deleteVersionAction(
  id: string,
  messageId: string,
): Promise<ActionResult<ConversationView>> {
  const view = await deleteVersion(await getChatStore(), await owner(), id, String(messageId));
  return view ? { ok: true, value: view } : { ok: false, message: NOT_FOUND };
}
