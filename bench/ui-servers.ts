/**
 * The two servers of bench/ui.ts: the built app (`next start`) from a directory of our choosing
 * (tests/support/app-server.ts always uses the checkout itself), and an OpenAI-compatible server
 * whose streamed chunks carry markers and whose send time of each chunk is recorded.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../tests/support/app-server";

/** Milliseconds since the Unix epoch with sub-millisecond resolution (same clock in the page). */
export const epochNow = () => performance.timeOrigin + performance.now();

export interface BenchApp {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `next start` in `appDir` (built there), on a free port, with its own database directory. */
export async function startBuiltApp(
  appDir: string,
  env: Record<string, string>,
  options: { dataDir?: string } = {},
): Promise<BenchApp> {
  const port = await freePort();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "chat-uibench-")));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      resolve(appDir, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      cwd: appDir,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: `file:${join(dataDir, "chat.db")}`,
        CHAT_SESSION_SECRET_FILE: join(dataDir, "session-secret"),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`the app exited at start:\n${output}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface MarkedReply {
  /** Chunk texts, each containing its marker. */
  chunks: string[];
  /** The marker of each chunk (`t0`, `t1`, …), in order. */
  markers: string[];
  delayMs: number;
}

/**
 * `count` chunks `"tok<n> "` (n from `first`); every 20th ends a paragraph so the reply is
 * Markdown with several paragraphs, like prose. `tok<n>` never occurs in the seeded messages.
 */
export function markedReply(count: number, delayMs: number, first = 0): MarkedReply {
  const markers = Array.from({ length: count }, (_, i) => `tok${first + i}`);
  const chunks = markers.map((m, i) => `${m}${(i + 1) % 20 === 0 ? "\n\n" : " "}`);
  return { chunks, markers, delayMs };
}

export interface MarkerServer {
  baseURL: string;
  /** The next streamed answer. */
  enqueue: (reply: MarkedReply) => void;
  /** Epoch ms at which each marker's chunk was written to the socket. */
  sentAt: Map<string, number>;
  requests: number;
  close: () => Promise<void>;
}

/** Like tests/support/scripted-openai-server.ts (streaming only), recording each chunk's send time. */
export async function startMarkerServer(): Promise<MarkerServer> {
  const queue: MarkedReply[] = [];
  const sentAt = new Map<string, number>();
  const state = { requests: 0 };
  const server: Server = createServer(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += chunk;
    const body = JSON.parse(raw || "{}") as { model?: string };
    state.requests++;
    const answer = queue.shift() ?? { chunks: ["(no script)"], markers: [], delayMs: 0 };
    const id = `chatcmpl-${state.requests}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "scripted";
    response.socket?.setNoDelay(true);
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: object, finish_reason: string | null = null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason }],
    });
    send(chunk({ role: "assistant", content: "" }));
    // A fixed cadence from the start (not delay after each write), so slow writes do not stretch it.
    const start = performance.now();
    for (let i = 0; i < answer.chunks.length; i++) {
      if (response.destroyed) return;
      const due = start + (i + 1) * answer.delayMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const marker = answer.markers[i];
      if (marker) sentAt.set(marker, epochNow());
      send(chunk({ content: answer.chunks[i] }));
    }
    const n = answer.chunks.length;
    send({
      ...chunk({}, "stop"),
      usage: { prompt_tokens: 10, completion_tokens: n, total_tokens: 10 + n },
    });
    response.end("data: [DONE]\n\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    enqueue: (reply) => queue.push(reply),
    sentAt,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
