import { existsSync } from "node:fs";
import { env } from "@/lib/env";
import { McpConfigError, type McpServerConfig, readMcpConfig } from "./mcp-config";
import { McpServers } from "./mcp-servers";

/** The app's MCP servers, and why there are none when the configuration could not be read. */
export interface AppMcpServers {
  servers: McpServers;
  /** The configuration file named by CHAT_MCP_CONFIG cannot be used: said in Settings and the log. */
  configError?: string;
}

const DEFAULT_CONFIG = "./mcp.json";

// On globalThis because Next.js may load this module once per bundle: one connection per server
// for the whole process.
const key = Symbol.for("chat-completion.mcp-servers");
const slot = globalThis as { [key]?: Promise<AppMcpServers> };

/**
 * The servers of the configuration file (CHAT_MCP_CONFIG, else ./mcp.json when present), read
 * once; each is connected on first use and reused by every request (lib/mcp/mcp-servers.ts), and
 * closed when the process is told to stop.
 */
export function getAppMcpServers(): Promise<AppMcpServers> {
  slot[key] ??= open();
  return slot[key];
}

async function open(): Promise<AppMcpServers> {
  const named = env().CHAT_MCP_CONFIG;
  const path = named ?? DEFAULT_CONFIG;
  let configs: McpServerConfig[] = [];
  let configError: string | undefined;
  if (named || existsSync(path)) {
    try {
      configs = await readMcpConfig(path, { required: named !== undefined });
    } catch (error) {
      if (!McpConfigError.isInstance(error)) throw error;
      configError = error.message;
      console.error(`[mcp] ${error.message}; chats go on without tools`);
    }
  }
  const servers = new McpServers(configs, { log: (message) => console.log(`[mcp] ${message}`) });
  if (configs.length > 0) {
    console.log(
      `[mcp] ${configs.length} server(s) from ${path}: ${servers.serverNames.join(", ")}`,
    );
    closeOnExit(servers);
  }
  return { servers, configError };
}

/**
 * Stdio servers are child processes: they end with us, not after. Next's own handler exits the
 * process on these signals; where none is installed, the signal is raised again once the servers
 * are closed, so that listening here never keeps the process alive.
 */
function closeOnExit(servers: McpServers): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      servers.close().finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    });
  }
}
