/**
 * `npm run bench`: every benchmark, one after another, each in its own process (they load
 * models, start servers and time things; one at a time on a 2-core machine). Each prints its
 * own table with ratios measured side by side in the same run; results go in docs/.
 *
 *   npm run bench                 # all (about 10 minutes; run `npm run build` first for ui)
 *   npm run bench -- provider ui  # some, by name
 */
import { spawnSync } from "node:child_process";

const BENCHES = {
  provider: {
    what: "our provider against raw node-llama-cpp (bench/README.md)",
    args: ["bench/provider.ts"],
  },
  "fast-chats": {
    what: "turn latency against history, reuse, concurrency, overflow (bench/fast-chats.README.md)",
    args: ["bench/fast-chats.ts"],
  },
  tools: {
    what: "a tool round trip: the turn after the result, reused vs cold (bench/README.md)",
    args: ["bench/tool-round-trip.ts"],
  },
  batches: {
    what: "several conversations at once: decode tok/s against node-llama-cpp and llama-server, start spread, full batches (bench/README.md)",
    args: ["bench/batches.ts"],
  },
  api: { what: "the /v1 API's added latency (bench/api.README.md)", args: ["bench/api.ts"] },
  responses: {
    what: "/v1/responses against chat completions, and its chains' cache reuse (bench/README.md)",
    args: ["--conditions=react-server", "bench/responses.ts"],
  },
  messages: {
    what: "the Messages API against Chat Completions: added latency, prompt reuse (bench/README.md)",
    args: ["bench/messages.ts"],
  },
  embeddings: {
    what: "/v1/embeddings against node-llama-cpp's embedding context, 1/16/256 inputs (bench/README.md; needs npm run build)",
    args: ["bench/embeddings.ts"],
  },
  accounts: {
    what: "what a session and a key check add per request, SQLite and PostgreSQL (needs npm run build)",
    args: ["bench/accounts.ts"],
  },
  fair: {
    what: "a quiet person's time to first token beside one keeping 40 requests in flight: the waiting line first come against fair (bench/README.md)",
    args: ["bench/fair.ts"],
  },
  "parallel-prompts": {
    what: "one person's several long prompts at once, with and without prefill priority (bench/README.md)",
    args: ["bench/parallel-prompts.ts"],
  },
  load: {
    what: "many users for minutes through the page's route and /v1 (needs npm run build)",
    args: ["bench/load.ts"],
  },
  "import-stall": {
    what: "uploads of adversarial shapes and sizes against /health's worst stall (needs npm run build)",
    args: ["bench/import-stall.ts"],
  },
  store: {
    what: "SQLite and PostgreSQL: list, open, append (bench/store.README.md)",
    args: ["--conditions=react-server", "bench/store.ts"],
  },
  ui: {
    what: "token-to-paint, a 500-message conversation, typing, a conversation with tool cards and thinking (bench/ui.README.md)",
    args: ["--conditions=react-server", "bench/ui.ts"],
  },
} as const;

type BenchName = keyof typeof BENCHES;

const asked = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(
    `unknown bench ${unknown.join(", ")}; choose from ${Object.keys(BENCHES).join(", ")}`,
  );
  process.exit(2);
}
const names = (asked.length > 0 ? asked : Object.keys(BENCHES)) as BenchName[];

const failed: string[] = [];
for (const name of names) {
  const bench = BENCHES[name];
  console.log(`\n=== ${name}: ${bench.what}\n`);
  const tsx = process.platform === "win32" ? "tsx.cmd" : "tsx";
  const result = spawnSync(`node_modules/.bin/${tsx}`, [...bench.args], { stdio: "inherit" });
  if (result.status !== 0) failed.push(`${name} (exit ${result.status})`);
}
if (failed.length > 0) {
  console.log(`\nmissed a target or failed: ${failed.join(", ")}`);
  process.exitCode = 1;
}
