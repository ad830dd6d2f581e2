import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { McpConfigError, parseMcpConfig, readMcpConfig } from "./mcp-config";

describe("parseMcpConfig", () => {
  it("reads the mcpServers format of Claude Desktop, Cursor and LM Studio", () => {
    const servers = parseMcpConfig(
      JSON.stringify({
        mcpServers: {
          everything: { command: "npx", args: ["-y", "@modelcontextprotocol/server-everything"] },
          files: { command: "node", args: ["files.js"], env: { ROOT: "/tmp" } },
          remote: { url: "http://127.0.0.1:3001/mcp", headers: { Authorization: "Bearer x" } },
          legacy: { url: "http://127.0.0.1:3002/sse", type: "sse" },
        },
      }),
    );
    expect(servers).toEqual([
      {
        name: "everything",
        transport: "stdio",
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-everything"],
        env: {},
        scope: "shared",
      },
      {
        name: "files",
        transport: "stdio",
        command: "node",
        args: ["files.js"],
        env: { ROOT: "/tmp" },
        scope: "shared",
      },
      {
        name: "remote",
        transport: "http",
        url: "http://127.0.0.1:3001/mcp",
        headers: { Authorization: "Bearer x" },
        scope: "shared",
      },
      {
        name: "legacy",
        transport: "sse",
        url: "http://127.0.0.1:3002/sse",
        headers: {},
        scope: "shared",
      },
    ]);
  });

  it('a server marked `"scope": "user"` is one per person; anything else there is refused', () => {
    const [memory] = parseMcpConfig(
      JSON.stringify({ mcpServers: { memory: { command: "node", scope: "user" } } }),
    );
    expect(memory?.scope).toBe("user");
    expect(() =>
      parseMcpConfig('{"mcpServers": {"m": {"command": "node", "scope": "team"}}}', "mcp.json"),
    ).toThrow("mcp.json: mcpServers.m");
  });

  it.each([
    ["{not json", "mcp.json is not valid JSON"],
    ["{}", "mcp.json: mcpServers:"],
    [
      '{"mcpServers": {"a": {}}}',
      "mcp.json: mcpServers.a: each server needs a `command` (stdio) or a `url`",
    ],
    [
      '{"mcpServers": {"a": {"url": "file:///etc/passwd"}}}',
      "mcp.json: mcpServers.a.url: `url` must be an http(s) URL",
    ],
    [
      '{"mcpServers": {"two words": {"command": "x"}}}',
      "mcp.json: mcpServers: the server name 'two words' is not 1-64",
    ],
  ])("refuses %s, naming the file and the problem", (text, message) => {
    expect(() => parseMcpConfig(text, "mcp.json")).toThrow(message);
    expect(() => parseMcpConfig(text, "mcp.json")).toThrow(McpConfigError);
  });
});

describe("readMcpConfig", () => {
  it("a missing file is no servers at the default place, and an error where it was named", async () => {
    const missing = join(tmpdir(), "no-such-dir", "mcp.json");
    expect(await readMcpConfig(missing, { required: false })).toEqual([]);
    await expect(readMcpConfig(missing, { required: true })).rejects.toThrow(
      "Cannot read the MCP configuration",
    );
  });

  it("reads a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mcp-config-"));
    const path = join(dir, "mcp.json");
    await writeFile(path, JSON.stringify({ mcpServers: { a: { command: "node" } } }));
    expect(await readMcpConfig(path, { required: true })).toEqual([
      { name: "a", transport: "stdio", command: "node", args: [], env: {}, scope: "shared" },
    ]);
  });
});
