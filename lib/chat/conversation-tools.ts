import type { ToolApprovalConfiguration, ToolSet } from "ai";
import type { McpServerStatus, McpServers, McpToolInfo } from "@/lib/mcp/mcp-servers";
import { type ToolPreferences, toolKey } from "./tool-preferences";

/** The tools one reply may call, and what the stream and the store need to know about them. */
export interface ConversationTools {
  /** For `streamText`: the conversation's tools that are on, from the servers that answer. */
  tools: ToolSet;
  /** Every call waits for the user's answer, unless its tool is always allowed here. */
  toolApproval: ToolApprovalConfiguration<ToolSet, unknown>;
  /** The MCP server a tool (by the name the model calls it) belongs to. */
  serverOf: (toolName: string) => string | undefined;
}

/** The MCP tools of a conversation, as its preferences say (lib/chat/tool-preferences.ts). */
export async function conversationTools(
  servers: McpServers,
  preferences: ToolPreferences,
): Promise<ConversationTools> {
  const off = new Set(preferences.off);
  const allowed = new Set(preferences.alwaysAllowed);
  const { tools, servers: statuses } = await servers.tools((info) => !off.has(toolKey(info)));
  const infos = new Map(readyTools(statuses).map((info) => [info.name, info]));
  const toolApproval: Record<string, "user-approval" | "not-applicable"> = {};
  for (const name of Object.keys(tools)) {
    const info = infos.get(name);
    toolApproval[name] = info && allowed.has(toolKey(info)) ? "not-applicable" : "user-approval";
  }
  return { tools, toolApproval, serverOf: (name) => infos.get(name)?.server };
}

function readyTools(statuses: McpServerStatus[]): McpToolInfo[] {
  return statuses.flatMap((status) => (status.state === "ready" ? status.tools : []));
}
