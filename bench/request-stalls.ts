/**
 * How long one `/v1` request can hold the event loop (every other request of every user waits
 * that long), at and past the request limits (`CHAT_API_MAX_*`, their defaults): requests whose
 * tools, schemas or messages are as large as the limits let them be, sent to the handler over
 * the embedded local model (stories260K with a ChatML template, which documents every tool's
 * parameters in the prompt, as instruct models' templates do). Prints each request's status, its
 * time and the worst stall of a 1 ms timer while it ran.
 *
 *   npx tsx bench/request-stalls.ts
 */
import { availableParallelism, cpus, loadavg } from "node:os";
import { parseEnv } from "../lib/env";
import { createLlamaCpp } from "../lib/models/llama-cpp";
import { createOpenAIApi, requestLimitsFrom } from "../lib/openai-api";
import { testModelPath } from "../tests/support/test-models";

const MODEL = "stories260K-chatml.gguf";
const KB = 1024;
const limits = requestLimitsFrom(parseEnv({}));

const range = (n: number) => Array.from({ length: n }, (_, index) => index);

/** The largest `make(n)` whose compact JSON is at most `bytes`. */
function sized(make: (n: number) => unknown, bytes: number): unknown {
  let low = 1;
  let high = bytes; // every element takes at least a byte
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (JSON.stringify(make(mid)).length <= bytes) low = mid;
    else high = mid - 1;
  }
  return make(low);
}

/** An object schema with one enum of `n` distinct strings (`tag` keeps schemas apart). */
const enumSchema = (tag: string) => (n: number) => ({
  type: "object",
  properties: { choice: { enum: range(n).map((index) => `${tag}${index}`) } },
  required: ["choice"],
});

/** A tool whose whole definition (name, description, parameters) is about `bytes` of JSON. */
const tool = (name: string, bytes: number) => ({
  type: "function",
  function: { name, description: "Pick one.", parameters: sized(enumSchema(name), bytes - 60) },
});

/** `count` tools of about `bytes` each, told apart by name and values (sized once: it is slow). */
function copies(count: number, bytes: number): unknown[] {
  const json = JSON.stringify(tool("zq", bytes));
  return range(count).map((i) => JSON.parse(json.replaceAll('"zq', `"zq${i}_`)));
}

const user = (content: string) => [{ role: "user", content }];

const cases: Array<{ name: string; body: Record<string, unknown> }> = [
  { name: "plain 'Hi' (baseline)", body: { messages: user("Hi"), max_tokens: 4 } },
  {
    name: "1 tool at the schema cap (64 KB enum), required",
    body: {
      messages: user("Hi"),
      tools: [tool("t", limits.maxSchemaBytes)],
      tool_choice: "required",
    },
  },
  {
    name: "4 tools of 64 KB (the total cap), auto",
    body: {
      messages: user("Hi"),
      tools: range(4).map((i) => tool(`t${i}`, limits.maxToolsBytes / 4)),
    },
  },
  {
    name: "128 tools of 2 KB (the count and total caps), auto",
    body: {
      messages: user("Hi"),
      tools: range(limits.maxTools).map((i) =>
        tool(`t${i}`, limits.maxToolsBytes / limits.maxTools),
      ),
    },
  },
  {
    name: "response_format schema at the cap (64 KB enum), 8 tokens",
    body: {
      messages: user("Hi"),
      max_tokens: 8,
      response_format: {
        type: "json_schema",
        json_schema: { name: "pick", schema: sized(enumSchema("v"), limits.maxSchemaBytes) },
      },
    },
  },
  {
    name: "refused: a 100,000-value enum (1 MB schema)",
    body: {
      messages: user("Hi"),
      tools: [{ type: "function", function: { name: "t", parameters: enumSchema("v")(100_000) } }],
    },
  },
  {
    name: "refused: 128 tools of ~56 KB (past the total cap)",
    body: { messages: user("Hi"), tools: copies(128, 40 * KB) },
  },
  {
    name: "a 1 MB message (no tools)",
    body: { messages: user("Lily had a dog. ".repeat(65_536)), max_tokens: 4 },
  },
  {
    name: "a 7.5 MB message (no tools; under the 8 MB body cap)",
    body: { messages: user("Lily had a dog. ".repeat(491_520)), max_tokens: 4 },
  },
];

/** The longest the event loop went without running a 1 ms timer, until `stop()`. */
function watchStalls(): () => number {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  return () => {
    clearInterval(timer);
    return Math.max(worst, performance.now() - last);
  };
}

const modelPath = await testModelPath(MODEL);
const provider = createLlamaCpp({ threads: 1, sequences: 1 });
const model = provider(modelPath);
const handler = createOpenAIApi({
  getModel: () => ({ spec: { provider: "local", model: modelPath }, name: MODEL, model }),
  modelStatus: () => ({ state: "ready" }),
  limits: { maxMessages: 200 },
  maxBodyBytes: 8 * 1024 * 1024,
  replyLimits: { idleMs: 60_000, totalMs: 900_000 },
  requestLimits: limits,
});
await (model as unknown as { load(): Promise<void> }).load();

console.log(
  `${new Date().toISOString()}, ${cpus()[0]?.model} x${availableParallelism()}, load ${loadavg()[0]?.toFixed(1)}; ` +
    `limits: ${JSON.stringify(limits)}`,
);
console.log("| request | body | status | total ms | worst stall ms |");
console.log("|---|--:|--:|--:|--:|");
for (const { name, body } of cases) {
  const text = JSON.stringify({ model: MODEL, temperature: 0, ...body });
  // Built before the clock starts: a client sends it, the server does not make it.
  const request = new Request("http://localhost/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: text,
  });
  const stop = watchStalls();
  const started = performance.now();
  const response = await handler(request);
  const answer = (await response.json()) as { error?: { code: string } };
  const total = performance.now() - started;
  const stall = stop();
  const status = `${response.status}${answer.error ? ` ${answer.error.code}` : ""}`;
  console.log(
    `| ${name} | ${(text.length / KB).toFixed(0)} KB | ${status} | ${total.toFixed(0)} | ${stall.toFixed(0)} |`,
  );
}
await provider.dispose();
