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
  /** Whether the person's role may use a tool (by key); default: every tool. */
  mayUse: (key: string) => boolean = () => true,
): Promise<ConversationTools> {
  const off = new Set(preferences.off);
  const allowed = new Set(preferences.alwaysAllowed);
  const { tools, servers: statuses } = await servers.tools(
    (info) => !off.has(toolKey(info)) && mayUse(toolKey(info)),
  );
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

const MCP_SERVER_FAILED = "it did not start or answer (the server's log says why)";

/** A server and its tools as a conversation's Settings list them. */
export interface ToolServerView {
  name: string;
  /**
   * `failed`: it did not start or answer; its tools are unavailable. `error` says so in a
   * sentence: the server's own error text (a command line, a URL, what the server answered) is
   * in the server's log (lib/mcp/mcp-servers.ts), not shown to every visitor.
   */
  state: "ready" | "failed";
  error?: string;
  tools: Array<{
    key: string;
    name: string;
    description?: string;
    on: boolean;
    alwaysAllowed: boolean;
  }>;
}

/** Every configured server, its state, and each of its tools with this conversation's choices. */
export async function toolServerViews(
  servers: McpServers,
  preferences: ToolPreferences,
  /** Whether the person's role may use a tool (by key): the others are not listed. */
  mayUse: (key: string) => boolean = () => true,
): Promise<ToolServerView[]> {
  const off = new Set(preferences.off);
  const allowed = new Set(preferences.alwaysAllowed);
  return (await servers.status()).map((status) =>
    status.state === "failed"
      ? { name: status.name, state: "failed", error: MCP_SERVER_FAILED, tools: [] }
      : {
          name: status.name,
          state: "ready",
          tools: status.tools
            .filter((info) => mayUse(toolKey(info)))
            .map((info) => ({
              key: toolKey(info),
              name: info.name,
              ...(info.description ? { description: info.description } : {}),
              on: !off.has(toolKey(info)),
              alwaysAllowed: allowed.has(toolKey(info)),
            })),
        },
  );
}

/** The key of the tool the model calls `toolName`, among the servers' tools now. */
export async function toolKeyOf(
  servers: McpServers,
  toolName: string,
): Promise<string | undefined> {
  const info = readyTools(await servers.status()).find((tool) => tool.name === toolName);
  return info && toolKey(info);
}
