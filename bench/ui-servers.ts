/**
 * The two servers of bench/ui.ts: the built app from a directory of our choosing, and the
 * scripted OpenAI-compatible server of the tests, recording when it sends each marked chunk.
 */
import { type RunningApp, startApp } from "../tests/support/app-server";
import { startScriptedOpenAIServer } from "../tests/support/scripted-openai-server";

/** Milliseconds since the Unix epoch with sub-millisecond resolution (same clock in the page). */
export const epochNow = () => performance.timeOrigin + performance.now();

export type BenchApp = RunningApp;

/** `next start` in `appDir` (built there), on a free port, with its own database directory. */
export function startBuiltApp(
  appDir: string,
  env: Record<string, string>,
  options: { dataDir?: string } = {},
): Promise<BenchApp> {
  return startApp({ NODE_ENV: "production", ...env }, { ...options, appDir });
}

/**
 * The built app as the UI benchmarks run it: the marker server is its model, on the seeded
 * database in `dataDir`, with the limits raised because the 500-message conversation goes back to
 * the server in full with the next message.
 */
export function startBenchApp(
  appDir: string,
  server: MarkerServer,
  options: { sessionSecret: string; dataDir: string },
): Promise<BenchApp> {
  return startBuiltApp(
    appDir,
    {
      CHAT_MODEL: `openai-compatible:${server.baseURL}#scripted`,
      CHAT_SESSION_SECRET: options.sessionSecret,
      CHAT_MAX_MESSAGES: "2000",
      CHAT_MAX_BODY_BYTES: "10485760",
    },
    { dataDir: options.dataDir },
  );
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

/** The tests' scripted server, noting the send time of every marker (`tok<n>`) it streams. */
export async function startMarkerServer(): Promise<MarkerServer> {
  const sentAt = new Map<string, number>();
  const server = await startScriptedOpenAIServer({
    onChunkSent: (piece) => {
      const marker = /tok\d+/.exec(piece)?.[0];
      if (marker) sentAt.set(marker, epochNow());
    },
  });
  return {
    baseURL: server.baseURL,
    enqueue: (reply) => server.enqueue({ reply: reply.chunks, delayMs: reply.delayMs }),
    sentAt,
    get requests() {
      return server.requests.length;
    },
    close: server.close,
  };
}
