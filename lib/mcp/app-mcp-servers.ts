import { existsSync } from "node:fs";
import { env } from "@/lib/env";
import { McpConfigError, type McpServerConfig, readMcpConfig } from "./mcp-config";
import { McpServers } from "./mcp-servers";

/** The app's MCP servers, and why there are none when the configuration could not be read. */
export interface AppMcpServers {
  servers: McpServers;
  /**
   * The configuration file cannot be used: a sentence for Settings, which every visitor reads.
   * What is wrong with it goes to the server's log only: the parser's message quotes the file,
   * and the file holds the servers' tokens and addresses.
   */
  configError?: string;
}

export const MCP_CONFIG_ERROR =
  "The MCP configuration (CHAT_MCP_CONFIG) cannot be used, so there are no tools: the server's log says why.";

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
  const { configs, configError } = await readAppMcpConfig(path, named !== undefined);
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
 * The servers of the file at `path` (`named`: the operator named it, so it must exist). A file
 * that cannot be used is no servers, said in the log in full and to visitors in a sentence.
 */
export async function readAppMcpConfig(
  path: string,
  named: boolean,
  log: (line: string) => void = console.error,
): Promise<{ configs: McpServerConfig[]; configError?: string }> {
  if (!named && !existsSync(path)) return { configs: [] };
  try {
    return { configs: await readMcpConfig(path, { required: named }) };
  } catch (error) {
    if (!McpConfigError.isInstance(error)) throw error;
    log(`[mcp] ${error.message}; chats go on without tools`);
    return { configs: [], configError: MCP_CONFIG_ERROR };
  }
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
