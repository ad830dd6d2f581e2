import { createMCPClient, type ListToolsResult, type MCPClient } from "@ai-sdk/mcp";
import { Experimental_StdioMCPTransport } from "@ai-sdk/mcp/mcp-stdio";
import type { ToolSet } from "ai";
import { childProcessEnv } from "@/lib/env";
import type { McpServerConfig } from "./mcp-config";

export interface McpToolInfo {
  /** The name the model calls it by: the server's name for it, or `<server>_<tool>` if taken. */
  name: string;
  server: string;
  /** The server's own name for it. */
  serverToolName: string;
  description?: string;
}

export type McpServerStatus =
  | { name: string; state: "ready"; tools: McpToolInfo[] }
  | { name: string; state: "failed"; error: string };

export interface McpServersOptions {
  /** Opens a client for a server; tests and other transports inject their own. */
  connect?: (config: McpServerConfig) => Promise<MCPClient>;
  /** Longest wait for a server to start or to list its tools. Default 10 s. */
  timeoutMs?: number;
  /**
   * A server that failed is tried again only after this long (default 30 s): until then its
   * error is reported at once, so a hung server does not hold up every request.
   */
  retryAfterMs?: number;
  log?: (message: string) => void;
}

/** Where connections live: the shared servers' in the root, a person's own in their view. */
interface Pool {
  connections: Map<string, Promise<Connection>>;
  failures: Map<string, { error: string; at: number }>;
}

interface Connection {
  client: MCPClient;
  definitions: ListToolsResult;
}

/**
 * The configured MCP servers, each connected once and reused by every request. `tools()` asks
 * each server for its tools every time (a round trip of a few milliseconds), which is also how a
 * server that died is noticed: it is connected again, once, right away. A server that fails to
 * start or answer is reported with its error, and the others are used without it.
 */
export class McpServers {
  private readonly pool: Pool = { connections: new Map(), failures: new Map() };
  /** Each owner's view, holding their connections to the servers scoped per person. */
  private readonly owners = new Map<string, McpServers>();
  private readonly connect: (config: McpServerConfig) => Promise<MCPClient>;
  private readonly timeoutMs: number;
  private readonly retryAfterMs: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly configs: McpServerConfig[],
    private readonly options: McpServersOptions = {},
    /** A person's view: its shared servers' connections are the root's. */
    private readonly root?: McpServers,
  ) {
    this.connect = options.connect ?? connectMcpServer;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryAfterMs = options.retryAfterMs ?? 30_000;
    this.log = options.log ?? (() => {});
  }

  get serverNames(): string[] {
    return this.configs.map((config) => config.name);
  }

  /**
   * The servers as one owner (a person, or a browser without accounts) uses them: the shared ones
   * through the one connection everybody uses, those marked `"scope": "user"` through this
   * owner's own. Without such servers, everyone's view is this one.
   */
  forOwner(ownerId: string): McpServers {
    if (this.root) return this.root.forOwner(ownerId);
    if (!this.configs.some((config) => config.scope === "user")) return this;
    let view = this.owners.get(ownerId);
    if (!view) {
      view = new McpServers(this.configs, this.options, this);
      this.owners.set(ownerId, view);
    }
    return view;
  }

  /** The connections of a server as this view uses it. */
  private poolOf(config: McpServerConfig): Pool {
    return config.scope === "user" || !this.root ? this.pool : this.root.pool;
  }

  /** Every server's state and tools, connecting those that are not. */
  async status(): Promise<McpServerStatus[]> {
    return (await this.refresh()).map(({ status }) => status);
  }

  /**
   * The tools of every server that answers, ready for `streamText`, and each server's state.
   * `enabled` (tool names; default all) leaves the others out.
   */
  async tools(enabled?: (tool: McpToolInfo) => boolean): Promise<{
    tools: ToolSet;
    servers: McpServerStatus[];
  }> {
    const refreshed = await this.refresh();
    const tools: ToolSet = {};
    for (const { status, connection } of refreshed) {
      if (status.state !== "ready" || !connection) continue;
      const set = connection.client.toolsFromDefinitions(connection.definitions);
      for (const info of status.tools) {
        const tool = set[info.serverToolName];
        if (tool && (enabled?.(info) ?? true)) tools[info.name] = tool;
      }
    }
    return { tools, servers: refreshed.map(({ status }) => status) };
  }

  /** Closes this view's connections, and, for the root, every owner's too. */
  async close(): Promise<void> {
    const views = [...this.owners.values()];
    this.owners.clear();
    const open = [...this.pool.connections.values()];
    this.pool.connections.clear();
    await Promise.allSettled([
      ...views.map((view) => view.close()),
      ...open.map(async (connection) => (await connection).client.close()),
    ]);
  }

  private async refresh() {
    const taken = new Set<string>();
    const results = await Promise.all(this.configs.map((config) => this.listTools(config)));
    return results.map((result, index) => {
      const config = this.configs[index] as McpServerConfig;
      if (!result.ok) {
        return {
          status: { name: config.name, state: "failed", error: result.error } as McpServerStatus,
          connection: undefined,
        };
      }
      const tools = result.connection.definitions.tools.map((tool): McpToolInfo => {
        const name = taken.has(tool.name) ? `${config.name}_${tool.name}` : tool.name;
        taken.add(name);
        return {
          name,
          server: config.name,
          serverToolName: tool.name,
          description: tool.description,
        };
      });
      return {
        status: { name: config.name, state: "ready", tools } as McpServerStatus,
        connection: result.connection,
      };
    });
  }

  /** The server's tools now; a dead connection is replaced once. */
  private async listTools(
    config: McpServerConfig,
  ): Promise<{ ok: true; connection: Connection } | { ok: false; error: string }> {
    const pool = this.poolOf(config);
    const failed = pool.failures.get(config.name);
    if (failed && Date.now() - failed.at < this.retryAfterMs)
      return { ok: false, error: failed.error };
    pool.failures.delete(config.name);
    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = pool.connections.get(config.name);
      const connection = existing ?? this.open(config, pool);
      try {
        const live = await connection;
        // A fresh connection has just listed its tools; an older one is asked again.
        if (existing) live.definitions = await this.withTimeout(live.client.listTools(), config);
        return { ok: true, connection: live };
      } catch (error) {
        pool.connections.delete(config.name);
        (await connection.catch(() => undefined))?.client.close().catch(() => {});
        const message = error instanceof Error ? error.message : String(error);
        if (!existing || attempt === 1) {
          this.log(`MCP server ${config.name} is unavailable: ${message}`);
          pool.failures.set(config.name, { error: message, at: Date.now() });
          return { ok: false, error: message };
        }
        this.log(`MCP server ${config.name} stopped answering (${message}); connecting again`);
      }
    }
    return { ok: false, error: "unreachable" };
  }

  private open(config: McpServerConfig, pool: Pool): Promise<Connection> {
    const connection = (async () => {
      const client = await this.withTimeout(this.connect(config), config);
      try {
        const definitions = await this.withTimeout(client.listTools(), config);
        this.log(`MCP server ${config.name}: ${definitions.tools.length} tools`);
        return { client, definitions };
      } catch (error) {
        await client.close().catch(() => {});
        throw error;
      }
    })();
    pool.connections.set(config.name, connection);
    return connection;
  }

  private withTimeout<T>(promise: Promise<T>, config: McpServerConfig): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`no answer from ${describe(config)} within ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

/** A client over the server's transport: a child process (stdio) or Streamable HTTP / SSE. */
export function connectMcpServer(config: McpServerConfig): Promise<MCPClient> {
  if (config.transport === "stdio") {
    return createMCPClient({
      name: "chat-completion",
      transport: new Experimental_StdioMCPTransport({
        command: config.command,
        args: config.args,
        // The server's own variables on top of the essentials (PATH, HOME…), as Claude Desktop does.
        env: { ...childProcessEnv(), ...config.env },
        cwd: config.cwd,
        stderr: "ignore",
      }),
    });
  }
  return createMCPClient({
    name: "chat-completion",
    transport: { type: config.transport, url: config.url, headers: config.headers },
  });
}

function describe(config: McpServerConfig): string {
  return config.transport === "stdio"
    ? `MCP server ${config.name} (${config.command})`
    : `MCP server ${config.name} (${config.url})`;
}
