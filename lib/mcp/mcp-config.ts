import { readFile } from "node:fs/promises";
import { z } from "zod";

/**
 * MCP servers in the configuration format Claude Desktop, Cursor and LM Studio read:
 * `{"mcpServers": {"<name>": {"command", "args", "env"} | {"url", "headers"}}}`. Only this file,
 * which the server's operator writes, can start a process or name a URL to call.
 */
/**
 * `shared` (default): one connection for everyone. `user`: one connection per person (per
 * browser without accounts), so that a stateful server (a memory, a scratch directory, a login)
 * never mixes people's data. Our own key: other clients ignore it.
 */
const scopeSchema = z
  .enum(["shared", "user"], { error: "`scope` is `shared` or `user`" })
  .default("shared");

const stdioServerSchema = z.object({
  command: z.string().min(1, "`command` must not be empty"),
  scope: scopeSchema,
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
});

const httpServerSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "`url` must be an http(s) URL" }),
  headers: z.record(z.string(), z.string()).default({}),
  /** Cursor and others write `"type": "http"` (Streamable HTTP) or `"sse"`. */
  type: z.enum(["http", "streamable-http", "sse"]).optional(),
  scope: scopeSchema,
});

export type McpServerScope = z.infer<typeof scopeSchema>;

const configSchema = z.object({
  mcpServers: z
    .record(
      z.string(),
      z.union([stdioServerSchema, httpServerSchema], {
        error: "each server needs a `command` (stdio) or a `url` (Streamable HTTP)",
      }),
    )
    .superRefine((servers, ctx) => {
      for (const name of Object.keys(servers)) {
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
          ctx.addIssue({
            code: "custom",
            message: `the server name '${name}' is not 1-64 of A-Z a-z 0-9 _ -`,
          });
        }
      }
    }),
});

/** A server as configured; `scope` absent is `shared`. */
export type McpServerConfig =
  | ({ name: string; transport: "stdio"; scope?: McpServerScope } & Omit<
      z.infer<typeof stdioServerSchema>,
      "scope"
    >)
  | {
      name: string;
      transport: "http" | "sse";
      url: string;
      headers: Record<string, string>;
      scope?: McpServerScope;
    };

const marker = Symbol.for("chat-completion.mcp.config-error");

/** A configuration file that cannot be used, with the file and the problem named. */
export class McpConfigError extends Error {
  readonly [marker] = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "McpConfigError";
  }
  static isInstance(error: unknown): error is McpConfigError {
    return typeof error === "object" && error !== null && marker in error;
  }
}

/**
 * The servers of the file at `path`. A missing file is no servers when it is only the default
 * location (`required: false`), and an error when the operator named it.
 */
export async function readMcpConfig(
  path: string,
  { required }: { required: boolean },
): Promise<McpServerConfig[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if (!required && (cause as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new McpConfigError(`Cannot read the MCP configuration ${path}: ${String(cause)}`, {
      cause,
    });
  }
  return parseMcpConfig(text, path);
}

export function parseMcpConfig(text: string, path = "the MCP configuration"): McpServerConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new McpConfigError(`${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "the top level";
    throw new McpConfigError(`${path}: ${where}: ${issue?.message ?? "invalid"}`, {
      cause: parsed.error,
    });
  }
  return Object.entries(parsed.data.mcpServers).map(([name, server]) =>
    "command" in server
      ? { name, transport: "stdio", ...server }
      : {
          name,
          transport: server.type === "sse" ? "sse" : "http",
          url: server.url,
          headers: server.headers,
          scope: server.scope,
        },
  );
}
