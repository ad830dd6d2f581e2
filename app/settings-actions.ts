"use server";

import { type Access, mayUseModel, mayUseTool } from "@/lib/accounts/access-policy";
import { readConversationSettings } from "@/lib/chat/conversation";
import { type ToolServerView, toolKeyOf, toolServerViews } from "@/lib/chat/tools";
import { getAppMcpServers } from "@/lib/mcp/app-mcp-servers";
import {
  type PageModelChoice,
  pageModelChoices,
  specOfChoiceId,
} from "@/lib/models/model-choice-ids";
import { getChatStore } from "@/lib/store";
import { type ActionResult, NOT_FOUND, owner, viewer } from "./action-result";

/** What a conversation's Settings offer: the models it may choose and its MCP servers' tools. */
export interface SettingsChoices {
  /** By id (the page never holds a model's spec), the default first. */
  models: PageModelChoice[];
  servers: ToolServerView[];
  /** The MCP configuration cannot be used (said in Settings and the log). */
  configError?: string;
}

export async function settingsChoicesAction(id: string): Promise<ActionResult<SettingsChoices>> {
  const who = await viewer();
  const conversation = await (await getChatStore()).getConversationInfo(who.ownerId, id);
  if (!conversation) return { ok: false, message: NOT_FOUND };
  const { servers, configError } = await getAppMcpServers();
  // Only what this person's role may use is offered.
  const access = await who.access();
  return {
    ok: true,
    value: {
      models: modelsFor(access),
      servers: await toolServerViews(servers.forOwner(who.ownerId), conversation.tools, (key) =>
        mayUseTool(access, key),
      ),
      ...(configError ? { configError } : {}),
    },
  };
}

/**
 * The models this person's role may use, the default first: the header's picker, also on a new
 * chat before it is stored (its first message then names the choice, lib/chat/request).
 */
export async function modelChoicesAction(): Promise<ActionResult<PageModelChoice[]>> {
  return { ok: true, value: modelsFor(await (await viewer()).access()) };
}

function modelsFor(access: Access): PageModelChoice[] {
  return pageModelChoices().filter((choice) => mayUseModel(access, choice.id));
}

/**
 * Saves a conversation's settings — system prompt, model, tools, participants — together: all
 * are checked first (each model one the server offers, names unique, 1–8 participants) and
 * stored in one write, or none is and the reason is said.
 */
export async function saveSettingsAction(id: string, input: unknown): Promise<ActionResult<null>> {
  // The page names models by id (lib/models/model-choice-ids.ts); a model this person's role
  // may not use is no choice for them.
  const who = await viewer();
  const access = await who.access();
  const read = readConversationSettings(input, (choice) =>
    mayUseModel(access, choice) ? (specOfChoiceId(choice) ?? undefined) : undefined,
  );
  if (!read.ok) return read;
  const updated = await (await getChatStore()).updateConversationSettings(
    who.ownerId,
    id,
    read.settings,
  );
  return updated ? { ok: true, value: null } : { ok: false, message: NOT_FOUND };
}

/** "Always allow" on a tool card: this tool runs without asking in this conversation from now on. */
export async function allowToolAlwaysAction(
  id: string,
  toolName: string,
): Promise<ActionResult<null>> {
  const ownerId = await owner();
  const store = await getChatStore();
  const conversation = await store.getConversationInfo(ownerId, id);
  if (!conversation) return { ok: false, message: NOT_FOUND };
  const key = await toolKeyOf(
    (await getAppMcpServers()).servers.forOwner(ownerId),
    String(toolName),
  );
  if (!key) return { ok: false, message: `There is no tool named ${toolName} any more.` };
  const { off, alwaysAllowed } = conversation.tools;
  if (alwaysAllowed.includes(key)) return { ok: true, value: null };
  await store.updateConversationSettings(ownerId, id, {
    tools: { off, alwaysAllowed: [...alwaysAllowed, key] },
  });
  return { ok: true, value: null };
}
