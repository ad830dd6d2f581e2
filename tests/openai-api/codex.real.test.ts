import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import {
  type ScriptedOpenAIServer,
  type ScriptedRequestBody,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * The real Codex CLI (`@openai/codex`, its prebuilt binary from npm) doing a task that needs its
 * own shell tool, end to end through our `/v1/responses`: `codex exec` with a custom model
 * provider (`wire_api = "responses"`) pointed at the built app. Codex's prompts are 10k+ tokens
 * of instructions and tools, past what the tiny test model can read, so the app's model is a
 * scripted OpenAI-compatible server (`CHAT_MODEL=openai-compatible:…`) that decides the call:
 * the token Codex reports exists only in a file, so it can only come from Codex running the
 * command and sending its output back through us. (The tiny local model carrying a forced call
 * through the Responses protocol: responses.real.test.ts.) Codex's environment sends every
 * other connection to a closed port: it reaches nothing but our server.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const codexBin = resolve(repoRoot, "node_modules/@openai/codex/bin/codex.js");
const nowhere = "http://127.0.0.1:9";

let upstream: ScriptedOpenAIServer;
let app: RunningApp;
let home: string;
let workspace: string;

beforeAll(async () => {
  upstream = await startScriptedOpenAIServer();
  app = await startApp({ CHAT_MODEL: `openai-compatible:${upstream.baseURL}#scripted` });
  home = await mkdtemp(join(tmpdir(), "codex-home-"));
  workspace = await mkdtemp(join(tmpdir(), "codex-workspace-"));
  await writeFile(
    join(home, "config.toml"),
    [
      'model = "scripted"',
      'model_provider = "chat"',
      "check_for_update_on_startup = false",
      "",
      "[model_providers.chat]",
      'name = "chat"',
      `base_url = "${app.url}/v1"`,
      'wire_api = "responses"',
      "",
      "[analytics]",
      "enabled = false",
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await app?.stop();
  await upstream?.close();
  for (const dir of [home, workspace]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** The text of the last tool message the upstream was sent: what Codex's command printed. */
function lastToolResult(body: ScriptedRequestBody): string {
  const tool = body.messages?.filter((message) => message.role === "tool").at(-1);
  return typeof tool?.content === "string" ? tool.content : JSON.stringify(tool?.content ?? "");
}

describe("Codex CLI over /v1/responses", () => {
  it("runs a shell command through its exec_command tool and reports what it printed", async () => {
    const token = `token-${randomUUID()}`;
    await writeFile(join(workspace, "token.txt"), `${token}\n`);
    upstream.enqueue(
      { reply: [], toolCalls: [{ name: "exec_command", arguments: '{"cmd":"cat token.txt"}' }] },
      (body) => ({ reply: ["The file says: ", lastToolResult(body)] }),
    );
    const lastMessage = join(home, "last-message.txt");

    const codex = promisify(execFile)(
      process.execPath,
      [
        codexBin,
        "exec",
        "--json",
        "--ephemeral",
        "--skip-git-repo-check",
        "--dangerously-bypass-approvals-and-sandbox",
        "--color",
        "never",
        "-C",
        workspace,
        "-o",
        lastMessage,
        "Print the contents of token.txt.",
      ],
      {
        timeout: 120_000,
        env: {
          NODE_ENV: "test",
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: home,
          CODEX_HOME: home,
          HTTPS_PROXY: nowhere,
          HTTP_PROXY: nowhere,
          ALL_PROXY: nowhere,
          https_proxy: nowhere,
          http_proxy: nowhere,
          all_proxy: nowhere,
          NO_PROXY: "127.0.0.1,localhost",
          no_proxy: "127.0.0.1,localhost",
        },
      },
    );
    // Codex reads more of its prompt from a standard input left open: there is none.
    codex.child.stdin?.end();
    const { stdout } = await codex;

    // Codex ran the command itself, in the workspace, and got the token.
    const events = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { type: string; item?: Record<string, unknown> });
    const commands = events.filter(
      (event) => event.type === "item.completed" && event.item?.type === "command_execution",
    );
    expect(commands).toHaveLength(1);
    expect(commands[0]?.item).toMatchObject({ exit_code: 0 });
    expect(String(commands[0]?.item?.command)).toContain("cat token.txt");
    expect(String(commands[0]?.item?.aggregated_output)).toContain(token);
    expect(await readFile(lastMessage, "utf8")).toContain(token);

    // What reached the model behind us: Codex's function tools, not its web search or
    // namespaced tools; its developer messages as system ones; then the command's output.
    const [first, second] = upstream.requests as ScriptedRequestBody[];
    const tools = first?.tools?.map((tool) => tool.function?.name) ?? [];
    expect(tools).toContain("exec_command");
    expect(first?.tools?.every((tool) => tool.type === "function")).toBe(true);
    expect(tools).not.toContain("multi_agent_v1");
    expect(first?.messages?.[0]?.role).toBe("system");
    expect(lastToolResult(second ?? {})).toContain(token);
  }, 150_000);
});
