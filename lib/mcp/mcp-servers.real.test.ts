import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateText } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/tests/support/app-server";
import { everythingServer, startEverythingOverHttp } from "@/tests/support/mcp-everything";
import type { McpServerConfig } from "./mcp-config";
import { connectMcpServer, McpServers } from "./mcp-servers";

/**
 * Real MCP servers: @modelcontextprotocol/server-everything (a dev dependency) over stdio and over
 * Streamable HTTP, through @ai-sdk/mcp.
 */
const everything = everythingServer;
const stdio = (name = "everything"): McpServerConfig => ({
  name,
  transport: "stdio",
  command: process.execPath,
  args: [everything, "stdio"],
  env: {},
});

const opened: McpServers[] = [];
const processes: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((servers) => servers.close()));
});
afterAll(() => {
  for (const child of processes) child.kill("SIGKILL");
});

function servers(configs: McpServerConfig[], options: { retryAfterMs?: number } = {}) {
  const created = new McpServers(configs, { timeoutMs: 15_000, ...options });
  opened.push(created);
  return created;
}

/** A model that calls `toolName` with `input`, then answers; the SDK runs the tool in between. */
function callingModel(toolName: string, input: unknown) {
  let step = 0;
  return new MockLanguageModelV4({
    doGenerate: async () =>
      step++ === 0
        ? {
            content: [
              { type: "tool-call", toolCallId: "c1", toolName, input: JSON.stringify(input) },
            ],
            finishReason: { unified: "tool-calls", raw: undefined },
            usage: usage(),
            warnings: [],
          }
        : {
            content: [{ type: "text", text: "Done." }],
            finishReason: { unified: "stop", raw: undefined },
            usage: usage(),
            warnings: [],
          },
  });
}
const usage = () => ({
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
});

async function runTool(set: McpServers, toolName: string, input: unknown) {
  const { tools } = await set.tools();
  const result = await generateText({
    model: callingModel(toolName, input),
    tools,
    prompt: "go",
    stopWhen: () => false,
  });
  return result.steps[0]?.toolResults[0]?.output;
}

async function startHttpServer(port: number): Promise<ChildProcess> {
  const child = await startEverythingOverHttp(port);
  processes.push(child);
  return child;
}

describe("over stdio", () => {
  it("lists the server's tools and runs them through the AI SDK", async () => {
    const set = servers([stdio()]);
    const [status] = await set.status();
    expect(status?.state).toBe("ready");
    const names = status?.state === "ready" ? status.tools.map((tool) => tool.name) : [];
    expect(names).toEqual(expect.arrayContaining(["echo", "get-sum"]));

    expect(await runTool(set, "echo", { message: "hello" })).toMatchObject({
      content: [{ type: "text", text: "Echo: hello" }],
    });
    expect(JSON.stringify(await runTool(set, "get-sum", { a: 2, b: 3 }))).toContain("5");
  });

  it("connects once and reuses the connection across requests", async () => {
    const set = servers([stdio()]);
    const first = await set.tools();
    const second = await set.tools();
    expect(Object.keys(second.tools)).toEqual(Object.keys(first.tools));
    // @ts-expect-error the private map, to count the connections made
    expect(set.pool.connections.size).toBe(1);
  });

  it("a server that fails to start is listed with its error, and the others still work", async () => {
    const attempts: string[] = [];
    const set = new McpServers(
      [
        {
          name: "broken",
          transport: "stdio",
          command: "/nonexistent/mcp-server",
          args: [],
          env: {},
        },
        stdio(),
      ],
      {
        timeoutMs: 15_000,
        connect: (config) => {
          attempts.push(config.name);
          return connectMcpServer(config);
        },
      },
    );
    opened.push(set);
    const { tools, servers: states } = await set.tools();
    expect(states[0]).toMatchObject({ name: "broken", state: "failed", error: expect.any(String) });
    expect(states[1]?.state).toBe("ready");
    expect(Object.keys(tools)).toContain("echo");

    // Not started again for every request: its error stands until the retry interval is over.
    const again = await set.status();
    expect(again[0]).toEqual(states[0]);
    expect(attempts.filter((name) => name === "broken")).toHaveLength(1);
  });

  it("a server that dies is connected again at the next request", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mcp-dies-"));
    const pidFile = join(dir, "pid");
    const set = servers([
      {
        name: "mortal",
        transport: "stdio",
        command: "/bin/sh",
        args: ["-c", `echo $$ > ${pidFile}; exec "${process.execPath}" "${everything}" stdio`],
        env: {},
      },
    ]);
    expect(await runTool(set, "echo", { message: "before" })).toMatchObject({
      content: [{ text: "Echo: before" }],
    });
    const firstPid = Number(await readFile(pidFile, "utf8"));
    process.kill(firstPid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));

    const [status] = await set.status();
    expect(status?.state).toBe("ready");
    expect(Number(await readFile(pidFile, "utf8"))).not.toBe(firstPid);
    expect(await runTool(set, "echo", { message: "after" })).toMatchObject({
      content: [{ text: "Echo: after" }],
    });
  });
});

describe("over Streamable HTTP", () => {
  it("lists and runs tools; a server that stops is reported, and used again once it is back", async () => {
    const port = await freePort();
    let server = await startHttpServer(port);
    const set = servers(
      [{ name: "remote", transport: "http", url: `http://127.0.0.1:${port}/mcp`, headers: {} }],
      { retryAfterMs: 0 },
    );
    expect(await runTool(set, "echo", { message: "over http" })).toMatchObject({
      content: [{ text: "Echo: over http" }],
    });

    server.kill("SIGKILL");
    await new Promise((resolve) => server.once("exit", resolve));
    const [down] = await set.status();
    expect(down).toMatchObject({ name: "remote", state: "failed" });

    server = await startHttpServer(port);
    const [up] = await set.status();
    expect(up?.state).toBe("ready");
    expect(await runTool(set, "echo", { message: "again" })).toMatchObject({
      content: [{ text: "Echo: again" }],
    });
  });
});

describe('servers marked `"scope": "user"`', () => {
  it("are connected once per owner, the shared ones once for everyone; closing ends them all", async () => {
    const connected: Array<{ server: string; close: () => void }> = [];
    const closed: string[] = [];
    const root = new McpServers([stdio("shared"), { ...stdio("mine"), scope: "user" }], {
      timeoutMs: 15_000,
      connect: async (config) => {
        const client = await connectMcpServer(config);
        const close = client.close.bind(client);
        client.close = async () => {
          closed.push(config.name);
          await close();
        };
        connected.push({ server: config.name, close: () => {} });
        return client;
      },
    });
    opened.push(root);
    const ada = root.forOwner("ada");
    const bob = root.forOwner("bob");
    expect(root.forOwner("ada")).toBe(ada);
    const [adaTools, bobTools] = await Promise.all([ada.tools(), bob.tools()]);
    await ada.tools();
    expect(connected.map((c) => c.server).sort()).toEqual(["mine", "mine", "shared"]);
    // Each sees both servers' tools, named apart as they are for one owner.
    for (const { servers: statuses } of [adaTools, bobTools]) {
      expect(statuses.map((status) => [status.name, status.state])).toEqual([
        ["shared", "ready"],
        ["mine", "ready"],
      ]);
    }
    await root.close();
    expect(closed.sort()).toEqual(["mine", "mine", "shared"]);
  });

  it("without any, every owner's view is the one set", () => {
    const root = servers([stdio("shared")]);
    expect(root.forOwner("ada")).toBe(root);
  });
});
