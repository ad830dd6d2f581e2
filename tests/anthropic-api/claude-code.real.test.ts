import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import {
  type ScriptedAnswer,
  type ScriptedOpenAIServer,
  type ScriptedRequestBody,
  startScriptedOpenAIServer,
} from "../support/scripted-openai-server";
import { templatedModelPath } from "../support/test-models";

/**
 * Claude Code (`@anthropic-ai/claude-code`, the real `claude` binary from npm) in print mode with
 * `ANTHROPIC_BASE_URL` at the built app, completing a task that needs one of its own tools: Bash
 * runs a command and Claude Code reports what it printed. Its prompts are tens of thousands of
 * characters (a long system prompt, about twenty tools), so the model behind the app is a
 * scripted OpenAI-compatible server that decides the tool call; everything between — Claude
 * Code's requests, our Messages API, our model call, the stream back — is real. Claude Code runs
 * with a HOME of its own and an environment that names nothing but our server. On the tiny local
 * model its prompt does not fit, and it must understand why from our error.
 */

const repoRoot = resolve(import.meta.dirname, "../..");
const CLAUDE = resolve(repoRoot, "node_modules/.bin/claude");
const KEY = "claude-code-test-key";
const MARKER = `marker-${Math.random().toString(36).slice(2, 10)}`;
/** The shell, not the model, turns `$((6*7))` into 42: the result proves the command ran. */
const COMMAND = `echo $((6*7))-${MARKER}`;
const OUTPUT = `42-${MARKER}`;

/** The text of an OpenAI message's content, whether a string or parts. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
}

/**
 * The scripted model: asked the task with Bash among its tools, it calls Bash; given the
 * command's output, it reports it; anything else Claude Code asks on the side gets a short reply.
 */
function decide(body: ScriptedRequestBody): ScriptedAnswer {
  // Claude Code puts a system message (its environment) after the user's; the turn is the one before.
  const last = (body.messages ?? []).filter((message) => message.role !== "system").at(-1);
  const hasBash = body.tools?.some((tool) => tool.function?.name === "Bash") ?? false;
  if (last?.role === "tool" && textOf(last.content).includes(OUTPUT)) {
    return { reply: ["The command printed ", OUTPUT, "."] };
  }
  if (hasBash && last?.role === "user" && textOf(last.content).includes(MARKER)) {
    return {
      reply: [],
      toolCalls: [
        {
          name: "Bash",
          arguments: JSON.stringify({ command: COMMAND, description: "Print the marker" }),
        },
      ],
    };
  }
  return { reply: ["OK."] };
}

/** What `claude -p --output-format json` prints. */
interface ClaudeResult {
  is_error: boolean;
  result: string;
  terminal_reason?: string;
}

/**
 * Runs `claude -p <prompt>` against `baseURL` with a HOME of its own and nothing of this
 * process's environment, and returns its JSON result (printed also when it exits with an error).
 */
async function runClaude(baseURL: string, prompt: string, args: string[] = []) {
  const home = await mkdtemp(join(tmpdir(), "claude-home-"));
  const work = await mkdtemp(join(tmpdir(), "claude-work-"));
  const debugFile = join(home, "debug.log");
  const run = promisify(execFile)(
    CLAUDE,
    ["-p", prompt, "--output-format", "json", "--debug-file", debugFile, ...args],
    {
      cwd: work,
      timeout: 240_000,
      // Only our server, a HOME of its own. (The cast: Next's types make NODE_ENV required, and
      // Claude Code must not get one.)
      env: {
        PATH: "/usr/bin:/bin",
        HOME: home,
        TMPDIR: home,
        SHELL: "/bin/bash",
        TERM: "dumb",
        ANTHROPIC_BASE_URL: baseURL,
        ANTHROPIC_API_KEY: KEY,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        DISABLE_AUTOUPDATER: "1",
        DISABLE_TELEMETRY: "1",
        DISABLE_ERROR_REPORTING: "1",
      } as Record<string, string> as NodeJS.ProcessEnv,
    },
  );
  // The prompt is an argument: nothing comes on stdin (Claude Code waits 3 s for it otherwise).
  run.child.stdin?.end();
  const stdout = await run.then(
    (done) => done.stdout,
    (error: { stdout?: string }) => error.stdout ?? "",
  );
  try {
    return JSON.parse(stdout) as ClaudeResult;
  } catch {
    const debug = await readFile(debugFile, "utf8").catch(() => "(no debug log)");
    throw new Error(
      `claude printed no result: ${stdout}\n--- debug log (tail)\n${debug.slice(-6000)}`,
    );
  } finally {
    await rm(home, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

describe("Claude Code against /v1/messages, its model a scripted upstream", () => {
  let upstream: ScriptedOpenAIServer;
  let app: RunningApp;

  beforeAll(async () => {
    upstream = await startScriptedOpenAIServer({ decide });
    app = await startApp({
      CHAT_MODEL: `openai-compatible:${upstream.baseURL}#scripted`,
      CHAT_API_KEYS: KEY,
    });
  });

  afterAll(async () => {
    await app?.stop();
    await upstream?.close();
  });

  it("runs Bash through its own tool loop and reports the command's output", async () => {
    const result = await runClaude(
      app.url,
      `Use the Bash tool to run \`${COMMAND}\` and tell me exactly what it printed.`,
      ["--allowedTools", "Bash"],
    );
    expect(result.is_error).toBe(false);
    expect(result.result).toContain(OUTPUT);

    const requests = upstream.requests as ScriptedRequestBody[];
    // The turn that called Bash carried Claude Code's own prompt and tools through our API …
    const asked = requests.find((body) =>
      body.tools?.some((tool) => tool.function?.name === "Bash"),
    );
    expect(asked).toBeDefined();
    // (Some 70,000 characters of prompt and tools: over 10,000 tokens.)
    expect(JSON.stringify(asked).length).toBeGreaterThan(40_000);
    expect(asked?.tools?.length).toBeGreaterThan(5);
    // Its billing header (which changes between sessions) was left out of the prompt.
    const system = asked?.messages?.find((message) => message.role === "system");
    expect(textOf(system?.content)).not.toBe("");
    expect(JSON.stringify(asked)).not.toContain("x-anthropic-billing-header");
    // … and the next turn carried the output of the command Claude Code really ran.
    const answered = requests.find((body) => {
      const last = body.messages?.filter((message) => message.role !== "system").at(-1);
      return last?.role === "tool" && textOf(last.content).includes(OUTPUT);
    });
    expect(answered).toBeDefined();
  }, 300_000);
});

describe("Claude Code against /v1/messages on the local model", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      CHAT_MODEL: `local:${await templatedModelPath("qwen2.5-tools")}`,
      LLAMA_THREADS: "1",
      LLAMA_SEQUENCES: "1",
      CHAT_API_KEYS: KEY,
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("reads a prompt too long for stories260K's 2,048 tokens as Anthropic's prompt_too_long, with our numbers", async () => {
    const result = await runClaude(app.url, "Say hi.");
    expect(result.is_error).toBe(true);
    expect(result.terminal_reason).toBe("prompt_too_long");
    expect(result.result).toMatch(/^Prompt is too long.*\(limit 2047\)/);
  }, 300_000);
});
