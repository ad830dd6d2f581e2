import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { freePort, type RunningApp, startApp } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { box, idle, lastReply, read } from "../support/chat-page";
import { everythingServer, startEverythingOverHttp } from "../support/mcp-everything";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";

/**
 * The chat page with tools: real MCP servers (@modelcontextprotocol/server-everything over stdio,
 * one wrapped so the test can kill it, one over Streamable HTTP, and one that cannot start) from the app's MCP
 * configuration, a scripted OpenAI-compatible model that asks for a tool and then answers, and
 * Debian's Chromium.
 */
const everything = everythingServer;

let browser: Browser;
let model: ScriptedOpenAIServer;
let app: RunningApp;
let pidFile: string;
let appEnv: Record<string, string>;
let httpServer: ChildProcess | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  model = await startScriptedOpenAIServer();
  const dir = await mkdtemp(join(tmpdir(), "chat-tools-"));
  pidFile = join(dir, "mortal.pid");
  const config = join(dir, "mcp.json");
  const port = await freePort();
  httpServer = await startEverythingOverHttp(port);
  await writeFile(
    config,
    JSON.stringify({
      mcpServers: {
        everything: { command: process.execPath, args: [everything, "stdio"] },
        // Tells the test its process id, so that it can be killed mid-conversation.
        mortal: {
          command: "/bin/sh",
          args: ["-c", `echo $$ > ${pidFile}; exec "${process.execPath}" "${everything}" stdio`],
        },
        broken: { command: "/nonexistent/mcp-server" },
        remote: { url: `http://127.0.0.1:${port}/mcp` },
      },
    }),
  );
  appEnv = {
    CHAT_MODEL: `openai-compatible:${model.baseURL}#scripted`,
    CHAT_MCP_CONFIG: config,
  };
  app = await startApp(appEnv);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  httpServer?.kill();
  await model?.close();
  await browser?.close();
});

beforeEach(() => model.reset());

async function open(): Promise<Page> {
  const page = await browser.newPage();
  page.on("dialog", (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await page.goto(app.url);
  return page;
}

function send(page: Page, text: string) {
  return box(page)
    .fill(text)
    .then(() => page.keyboard.press("Enter"));
}

const card = (page: Page, tool: string) =>
  lastReply(page)
    .locator(".tool-card")
    .filter({ hasText: `Tool: ${tool}` })
    .last();
const status = (page: Page, tool: string) => card(page, tool).locator(".tool-status");
/** What the call returned, as its card shows it (read whether or not the card is open). */
const output = async (page: Page, tool: string) =>
  (await card(page, tool).locator(".tool-output").textContent()) ?? "";

/** A call of `name` with `args`, then (after the result) `answer`. */
function scriptCall(name: string, args: unknown, answer: string) {
  model.enqueue(
    { reply: [], toolCalls: [{ name, arguments: JSON.stringify(args) }] },
    { reply: [answer] },
  );
}

/** The tool results the model was sent in its last request, as text. */
function lastToolMessages(): string {
  const body = model.requests.at(-1) as { messages: Array<{ role: string; content: unknown }> };
  return JSON.stringify(body.messages.filter((message) => message.role === "tool"));
}

function toolsOffered(request: unknown): string[] {
  const tools = (request as { tools?: Array<{ function: { name: string } }> }).tools ?? [];
  return tools.map((tool) => tool.function.name);
}

describe("tools on the chat page", () => {
  test("a call waits for approval on its card; Allow runs it and the reply goes on", async () => {
    const page = await open();
    scriptCall("echo", { message: "hi there" }, "The server said hi there.");
    await send(page, "Echo hi there");

    await expect.poll(() => status(page, "echo").innerText()).toBe("Waiting for your approval");
    expect(await card(page, "echo").locator(".tool-input").innerText()).toContain("hi there");
    // The model was offered the servers' tools; nothing has run yet.
    expect(toolsOffered(model.requests[0])).toEqual(expect.arrayContaining(["echo", "get-sum"]));
    expect(model.requests).toHaveLength(1);

    await card(page, "echo").getByRole("button", { name: "Allow", exact: true }).click();
    await expect.poll(() => status(page, "echo").innerText()).toBe("Done");
    await idle(page);
    expect(await output(page, "echo")).toBe("Echo: hi there");
    expect(await read(lastReply(page))).toContain("The server said hi there.");
    // The model got the server's answer.
    expect(lastToolMessages()).toContain("Echo: hi there");

    // As stored: the card and the answer come back on reload, and the exports show the call.
    await page.reload();
    await expect.poll(() => status(page, "echo").innerText()).toBe("Done");
    expect(await read(lastReply(page))).toContain("The server said hi there.");
    const id = new URL(page.url()).pathname.split("/").at(-1);
    const markdown = await (
      await page.request.get(`${app.url}/api/conversations/${id}/export?format=markdown`)
    ).text();
    expect(markdown).toContain("**Tool call: echo**");
    expect(markdown).toContain("Echo: hi there");
    const json = await (
      await page.request.get(`${app.url}/api/conversations/${id}/export?format=json`)
    ).json();
    expect(json.messages[1].parts[0]).toMatchObject({
      type: "tool",
      toolName: "echo",
      state: "output-available",
      input: { message: "hi there" },
    });
    await page.close();
  });

  test("Deny: the call never runs, the model is told, and answers", async () => {
    const page = await open();
    scriptCall("echo", { message: "secret" }, "All right, I will not.");
    await send(page, "Echo secret");
    await card(page, "echo").getByRole("button", { name: "Deny" }).click();
    await expect.poll(() => status(page, "echo").innerText()).toBe("Denied");
    await idle(page);
    expect(await read(lastReply(page))).toContain("All right, I will not.");
    expect(lastToolMessages()).toMatch(/denied/i);
    expect(lastToolMessages()).not.toContain("Echo: secret");
    await page.close();
  });

  test("Always allow: this tool runs without asking for the rest of the conversation", async () => {
    const page = await open();
    scriptCall("get-sum", { a: 2, b: 3 }, "It is 5.");
    await send(page, "Add 2 and 3");
    await card(page, "get-sum").getByRole("button", { name: "Always allow" }).click();
    await expect.poll(() => status(page, "get-sum").innerText()).toBe("Done");
    await idle(page);

    scriptCall("get-sum", { a: 4, b: 5 }, "It is 9.");
    await send(page, "Add 4 and 5");
    await idle(page);
    expect(await read(lastReply(page))).toContain("It is 9.");
    expect(await output(page, "get-sum")).toContain("9");
    expect(await page.getByRole("button", { name: "Allow", exact: true }).count()).toBe(0);

    // Settings say so; another conversation still asks.
    await page.getByRole("button", { name: "Settings" }).click();
    await expect
      .poll(() => page.getByRole("checkbox", { name: "Always allow get-sum" }).isChecked())
      .toBe(true);
    await page.goto(app.url);
    scriptCall("get-sum", { a: 1, b: 1 }, "2.");
    await send(page, "Add 1 and 1");
    await expect.poll(() => status(page, "get-sum").innerText()).toBe("Waiting for your approval");
    await page.close();
  });

  test("Settings list the servers (one unavailable, with why) and turn a tool off", async () => {
    const page = await open();
    model.enqueue({ reply: ["Hello."] });
    await send(page, "Hi");
    await idle(page);
    await page.getByRole("button", { name: "Settings" }).click();
    const tools = page.locator("fieldset.tool-settings");
    await tools.getByText("everything", { exact: true }).waitFor();
    expect(await read(tools)).toMatch(/broken unavailable: .+/);
    const echo = tools
      .locator(".tool-server")
      .first()
      .getByRole("checkbox", { name: "echo", exact: true });
    expect(await echo.isChecked()).toBe(true);
    await echo.uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved.").waitFor();

    model.enqueue({ reply: ["Fine."] });
    await send(page, "Again");
    await idle(page);
    const offered = toolsOffered(model.requests.at(-1));
    expect(offered).toContain("get-sum");
    expect(offered).not.toContain("echo");
    // The other server's echo is still on, under its own name.
    expect(offered).toContain("mortal_echo");
    await page.close();
  });

  test("tool output is shown as text, never run as HTML", async () => {
    const page = await open();
    const html = '<img src=x onerror="alert(1)"><b id="injected">bold</b>';
    scriptCall("echo", { message: html }, "Done.");
    await send(page, "Echo some HTML");
    await card(page, "echo").getByRole("button", { name: "Allow", exact: true }).click();
    await idle(page);
    expect(await output(page, "echo")).toBe(`Echo: ${html}`);
    expect(await page.locator("#injected").count()).toBe(0);
    expect(await page.locator(".tool-card img").count()).toBe(0);
    await page.close();
  });

  test("Stop during a running tool stops it; the call shows as interrupted, also after a reload", async () => {
    const page = await open();
    scriptCall("trigger-long-running-operation", { duration: 60, steps: 60 }, "Never said.");
    await send(page, "Work for a minute");
    const long = "trigger-long-running-operation";
    await card(page, long).getByRole("button", { name: "Allow", exact: true }).click();
    await expect.poll(() => status(page, long).innerText()).toBe("Running…");
    const stoppedAt = Date.now();
    await page.getByRole("button", { name: "Stop" }).click();
    await idle(page);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    await expect.poll(() => status(page, long).innerText()).toBe("Interrupted");
    await page.reload();
    await expect.poll(() => status(page, long).innerText()).toBe("Interrupted");
    expect(await lastReply(page).locator(".tag.stopped").count()).toBe(1);
    // The model was never asked to go on.
    expect(model.requests).toHaveLength(1);
    await page.close();
  });

  test("a reload mid-loop shows where it is and goes on: waiting for approval, then running", async () => {
    const page = await open();
    scriptCall("trigger-long-running-operation", { duration: 3, steps: 3 }, "Finished the work.");
    await send(page, "Work a little");
    const long = "trigger-long-running-operation";
    await expect.poll(() => status(page, long).innerText()).toBe("Waiting for your approval");

    await page.reload();
    await card(page, long).getByRole("button", { name: "Allow", exact: true }).click();
    await expect.poll(() => status(page, long).innerText()).toBe("Running…");

    await page.reload();
    await expect.poll(() => status(page, long).innerText()).toBe("Running…");
    await expect.poll(() => status(page, long).innerText(), { timeout: 15_000 }).toBe("Done");
    await idle(page);
    expect(await read(lastReply(page))).toContain("Finished the work.");
    await page.close();
  });

  test("a server that dies mid-conversation is started again for the next call", async () => {
    const page = await open();
    scriptCall("mortal_echo", { message: "one" }, "First.");
    await send(page, "Echo one");
    await card(page, "mortal_echo").getByRole("button", { name: "Always allow" }).click();
    await idle(page);
    expect(await output(page, "mortal_echo")).toBe("Echo: one");

    const firstPid = Number(await readFile(pidFile, "utf8"));
    process.kill(firstPid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 300));

    scriptCall("mortal_echo", { message: "two" }, "Second.");
    await send(page, "Echo two");
    await idle(page);
    expect(await output(page, "mortal_echo")).toBe("Echo: two");
    expect(Number(await readFile(pidFile, "utf8"))).not.toBe(firstPid);
    await page.close();
  });

  test("a tool of a server over Streamable HTTP, approved, runs", async () => {
    const page = await open();
    scriptCall("remote_echo", { message: "over http" }, "It came back.");
    await send(page, "Echo over HTTP");
    await card(page, "remote_echo").getByRole("button", { name: "Allow", exact: true }).click();
    await idle(page);
    expect(await output(page, "remote_echo")).toBe("Echo: over http");
    expect(await read(lastReply(page))).toContain("It came back.");
    await page.close();
  });

  // Last: it restarts the app.
  test("after kill -9 during a running tool and a restart, the call shows as interrupted", async () => {
    const page = await open();
    scriptCall("trigger-long-running-operation", { duration: 60, steps: 60 }, "Never said.");
    await send(page, "Work for a minute");
    const long = "trigger-long-running-operation";
    await card(page, long).getByRole("button", { name: "Allow", exact: true }).click();
    await expect.poll(() => status(page, long).innerText()).toBe("Running…");
    // The call is stored as running before the server dies.
    await new Promise((r) => setTimeout(r, 1_000));
    const path = new URL(page.url()).pathname;
    app.process.kill("SIGKILL");
    await app.stop();
    app = await startApp(appEnv, { dataDir: app.dataDir });

    await page.goto(`${app.url}${path}`);
    await expect.poll(() => status(page, long).innerText()).toBe("Interrupted");
    expect(await lastReply(page).locator(".tag.failed").count()).toBe(1);
    await page.close();
  }, 60_000);

  test("stopping the app stops the MCP servers it started", async () => {
    const page = await open();
    model.enqueue({ reply: ["Hello."] });
    await send(page, "Hi");
    await idle(page);
    await page.close();
    // This app's own `mortal` server (started for the request above).
    const pid = Number(await readFile(pidFile, "utf8"));
    expect(isAlive(pid)).toBe(true);
    await app.stop();
    await expect.poll(() => isAlive(pid), { timeout: 5_000 }).toBe(false);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
