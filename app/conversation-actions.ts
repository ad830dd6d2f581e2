"use server";

import {
  type ConversationSummary,
  toConversationSummary,
} from "@/lib/chat/conversation/conversation-summary";
import { type ConversationView, conversationView } from "@/lib/chat/conversation/conversation-view";
import { latestLeafUnder, messageTree } from "@/lib/chat/message/message-tree";
import { type Cast, readCast } from "@/lib/chat/participants/cast";
import {
  type ToolServerView,
  toolKeyOf,
  toolServerViews,
} from "@/lib/chat/tools/conversation-tools";
import { type ToolPreferences, toolPreferencesSchema } from "@/lib/chat/tools/tool-preferences";
import { getAppMcpServers } from "@/lib/mcp/app-mcp-servers";
import {
  type PageModelChoice,
  pageModelChoices,
  specOfChoiceId,
} from "@/lib/models/model-choice-ids";
import { currentOwnerId } from "@/lib/session/current-owner";
import { ChatStoreError, getChatStore } from "@/lib/store";

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

const NOT_FOUND = "This conversation does not exist.";

async function owner(): Promise<string> {
  const ownerId = await currentOwnerId();
  // The proxy gives every page a cookie; without one there is nothing of this browser's.
  if (!ownerId) throw new Error("No session: reload the page.");
  return ownerId;
}

export async function renameConversationAction(
  id: string,
  title: string,
): Promise<Result<ConversationSummary>> {
  const trimmed = title.trim();
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

export async function deleteConversationAction(id: string): Promise<Result<null>> {
  const deleted = await (await getChatStore()).deleteConversation(await owner(), id);
  return deleted ? { ok: true, value: null } : { ok: false, message: NOT_FOUND };
}

export async function updateConversationSettingsAction(
  id: string,
  settings: { systemPrompt: string | null; model: string | null },
): Promise<Result<null>> {
  // The page names models by id (lib/models/model-choice-ids.ts).
  const model = specOfChoiceId(typeof settings.model === "string" ? settings.model : null);
  if (model === undefined) return { ok: false, message: "That model is not one of the choices." };
  const systemPrompt = settings.systemPrompt?.trim() ? settings.systemPrompt : null;
  const updated = await (await getChatStore()).updateConversationSettings(await owner(), id, {
    systemPrompt,
    model,
  });
  return updated ? { ok: true, value: null } : { ok: false, message: NOT_FOUND };
}

/** The models a conversation may choose from, by id and name, the default first. */
export async function modelChoicesAction(): Promise<PageModelChoice[]> {
  return pageModelChoices();
}

/**
 * The MCP servers and tools a conversation may use, with its choices, for its Settings; or why
 * there are none (no configuration, or one that cannot be read).
 */
export async function conversationToolsAction(
  id: string,
): Promise<Result<{ servers: ToolServerView[]; configError?: string }>> {
  const conversation = await (await getChatStore()).getConversation(await owner(), id);
  if (!conversation) return { ok: false, message: NOT_FOUND };
  const { servers, configError } = await getAppMcpServers();
  return {
    ok: true,
    value: { servers: await toolServerViews(servers, conversation.tools), configError },
  };
}

/** Which tools are on and which run without asking, for one conversation. */
export async function updateConversationToolsAction(
  id: string,
  preferences: ToolPreferences,
): Promise<Result<null>> {
  const parsed = toolPreferencesSchema.safeParse(preferences);
  if (!parsed.success) return { ok: false, message: "Those tool settings are not valid." };
  const updated = await (await getChatStore()).updateConversationSettings(await owner(), id, {
    tools: parsed.data,
  });
  return updated ? { ok: true, value: null } : { ok: false, message: NOT_FOUND };
}

/** "Always allow" on a tool card: this tool runs without asking in this conversation from now on. */
export async function allowToolAlwaysAction(id: string, toolName: string): Promise<Result<null>> {
  const ownerId = await owner();
  const store = await getChatStore();
  const conversation = await store.getConversation(ownerId, id);
  if (!conversation) return { ok: false, message: NOT_FOUND };
  const key = await toolKeyOf((await getAppMcpServers()).servers, String(toolName));
  if (!key) return { ok: false, message: `There is no tool named ${toolName} any more.` };
  const { off, alwaysAllowed } = conversation.tools;
  if (alwaysAllowed.includes(key)) return { ok: true, value: null };
  await store.updateConversationSettings(ownerId, id, {
    tools: { off, alwaysAllowed: [...alwaysAllowed, key] },
  });
  return { ok: true, value: null };
}

/**
 * Shows another version of a message (‹ Previous version / Next version ›): that version and,
 * below it, the branch last written there. The choice is stored: a reload shows it, and the next
 * message continues it.
 */
export async function showVersionAction(
  id: string,
  messageId: string,
): Promise<Result<ConversationView>> {
  const ownerId = await owner();
  const store = await getChatStore();
  const conversation = await store.getConversation(ownerId, id);
  if (!conversation) return { ok: false, message: NOT_FOUND };
  const leaf = latestLeafUnder(messageTree(conversation.messages), String(messageId));
  if (!leaf) return { ok: false, message: "That version no longer exists: reload the page." };
  const updated = await store.setCurrentLeaf(ownerId, id, leaf.id);
  if (!updated) return { ok: false, message: NOT_FOUND };
  return { ok: true, value: conversationView({ ...conversation, currentLeafId: leaf.id }) };
}

/** Deletes a version of a message and everything that follows it; the page shows what remains. */
export async function deleteBranchAction(
  id: string,
  messageId: string,
): Promise<Result<ConversationView>> {
  const ownerId = await owner();
  const store = await getChatStore();
  const deleted = await store.deleteBranch(ownerId, id, String(messageId));
  const conversation = await store.getConversation(ownerId, id);
  if (deleted === undefined || !conversation) return { ok: false, message: NOT_FOUND };
  return { ok: true, value: conversationView(conversation) };
}

/** The versions of the messages the conversation shows (after a turn added one). */
export async function conversationVersionsAction(
  id: string,
): Promise<Result<ConversationView["versions"]>> {
  const conversation = await (await getChatStore()).getConversation(await owner(), id);
  if (!conversation) return { ok: false, message: NOT_FOUND };
  return { ok: true, value: conversationView(conversation).versions };
}

/**
 * A conversation's participants and who speaks when. Names are unique, 1–8 participants, and each
 * model one the server allows (CHAT_MODEL_CHOICES); anything else is refused with the reason and
 * changes nothing.
 */
export async function updateConversationCastAction(id: string, cast: Cast): Promise<Result<null>> {
  const read = readCast(cast);
  if (!read.ok) return { ok: false, message: read.message };
  // The page names models by id (lib/models/model-choice-ids.ts).
  const participants = read.cast.participants.map((p) => ({
    ...p,
    model: specOfChoiceId(p.model),
  }));
  const unknown = participants.find((p) => p.model === undefined);
  if (unknown) return { ok: false, message: `${unknown.name}'s model is not one of the choices.` };
  const updated = await (await getChatStore()).updateConversationSettings(await owner(), id, {
    cast: {
      ...read.cast,
      participants: participants.map((p) => ({ ...p, model: p.model ?? null })),
    },
  });
  return updated ? { ok: true, value: null } : { ok: false, message: NOT_FOUND };
}
