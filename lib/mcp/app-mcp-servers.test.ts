import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { toolServerViews } from "@/lib/chat/tools";
import { MCP_CONFIG_ERROR, readAppMcpConfig } from "./app-mcp-servers";
import { McpServers } from "./mcp-servers";

test("a malformed mcp.json is said in Settings in a sentence; its text, tokens and all, only in the log", async () => {
  const path = join(await mkdtemp(join(tmpdir(), "mcp-config-")), "mcp.json");
  // A header written without quotes: JSON.parse's message quotes the file around it.
  await writeFile(
    path,
    '{"mcpServers": {"r": {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": Bearer sk-live-51HxQ}}}}',
  );
  const logged: string[] = [];
  const { configs, configError } = await readAppMcpConfig(path, true, (line) => logged.push(line));
  expect(configs).toEqual([]);
  expect(configError).toBe(MCP_CONFIG_ERROR);
  expect(configError).not.toContain("Bearer");
  // What V8 quotes, and Settings showed before: the start of the token.
  expect(logged.join("\n")).toContain("Bearer sk-");
});

test("a server that will not start is 'unavailable' in Settings, without its command line or error", async () => {
  const logged: string[] = [];
  const servers = new McpServers(
    [
      {
        name: "broken",
        transport: "stdio",
        command: "/opt/internal/secret-tool/mcp-server",
        args: ["--token", "sk-live-51HxQ"],
        env: {},
      },
    ],
    { log: (line) => logged.push(line) },
  );
  try {
    const [view] = await toolServerViews(servers, { off: [], alwaysAllowed: [] });
    expect(view).toMatchObject({ name: "broken", state: "failed" });
    expect(view?.error).toBe("it did not start or answer (the server's log says why)");
    expect(logged.join("\n")).toMatch(/MCP server broken is unavailable: .+/);
  } finally {
    await servers.close();
  }
});
