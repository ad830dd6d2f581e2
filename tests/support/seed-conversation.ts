/**
 * The conversations of bench/ui.ts and tests/e2e/scrolling.e2e.test.ts, written straight into
 * the app's SQLite file before the app starts: alternating user and assistant messages, the
 * assistant's in realistic Markdown
 * (paragraphs, lists, inline code, a fenced code block every third reply, a table now and then).
 * In the "tools" conversation every reply also starts with a tool card (an MCP call with its
 * input and output) or a thinking block, alternately. Deterministic: the same text on every run.
 */
import { join } from "node:path";
import type { MessagePart } from "@/lib/chat/message";
import { type NewMessage, openChatStore } from "@/lib/store";

const WORDS = (
  "the request handler reads the body once and validates every field before the model sees it " +
  "a stream of chunks arrives over the socket and each one is parsed appended and rendered " +
  "when the user scrolls up the page stops following the reply until they scroll back down " +
  "storage keeps every turn so a reload never loses a message the cache is warm after the first call"
).split(" ");

function sentence(seed: number, length: number): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(WORDS[(seed * 7 + i * 13) % WORDS.length] as string);
  const text = words.join(" ");
  return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(seed: number, sentences: number): string {
  return Array.from({ length: sentences }, (_, i) => sentence(seed + i, 9 + ((seed + i) % 8))).join(
    " ",
  );
}

const CODE = [
  [
    "```ts",
    "export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {",
    "  const decoder = new TextDecoder();",
    '  let text = "";',
    "  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });",
    "  return text + decoder.decode();",
    "}",
    "```",
  ],
  [
    "```python",
    "def chunks(items, size):",
    '    """Yield successive lists of at most `size` items."""',
    "    for start in range(0, len(items), size):",
    "        yield items[start:start + size]",
    "",
    "print(list(chunks([1, 2, 3, 4, 5], 2)))",
    "```",
  ],
  [
    "```sh",
    "npm ci && npm run build",
    "CHAT_MODEL=local:../shared/models/stories260K.gguf npm start",
    "curl -s http://127.0.0.1:3000/health | jq .",
    "```",
  ],
].map((lines) => lines.join("\n"));

export function userText(i: number): string {
  return i % 4 === 0
    ? `Question ${i}: ${sentence(i, 12)} How would you do that with \`fetch\`?`
    : `${sentence(i, 8 + (i % 10))} ${i % 3 === 0 ? sentence(i + 1, 6) : ""}`.trim();
}

export function assistantText(i: number): string {
  const parts: string[] = [];
  if (i % 5 === 0) parts.push(`### Step ${i / 5 + 1}`);
  parts.push(paragraph(i, 2 + (i % 3)));
  parts.push(
    [0, 1, 2, 3]
      .slice(0, 2 + (i % 3))
      .map(
        (k) =>
          `- **${WORDS[(i + k) % WORDS.length]}**: ${sentence(i + k * 3, 7 + k)} Use \`opt${k}\`.`,
      )
      .join("\n"),
  );
  if (i % 3 === 0) parts.push(CODE[(i / 3) % CODE.length] as string);
  if (i % 10 === 7) {
    parts.push(
      ["| Setting | Default | Meaning |", "| --- | --- | --- |"]
        .concat([1, 2, 3].map((k) => `| \`opt${k}\` | ${k * 10} | ${sentence(i + k, 5)} |`))
        .join("\n"),
    );
  }
  parts.push(paragraph(i + 11, 1 + (i % 2)));
  return parts.join("\n\n");
}

/**
 * MCP calls as servers answer them (`{content: [{type: "text", text}]}`): a file read, a docs
 * search, a fetched page, a SQL query, a git log; 0.5–2 KB of output each, like real ones.
 */
const TOOL_CALLS: ((i: number) => {
  server: string;
  toolName: string;
  input: object;
  output: string;
})[] = [
  (i) => ({
    server: "filesystem",
    toolName: "read_text_file",
    input: { path: `src/lib/stream/part-${i}.ts`, head: 24 },
    output: [
      `// part-${i}.ts: ${sentence(i, 8)}`,
      'import { parseChunk } from "./parse";',
      "",
      `export async function* readParts${i}(stream: ReadableStream<Uint8Array>) {`,
      "  const decoder = new TextDecoder();",
      '  let buffer = "";',
      "  for await (const bytes of stream) {",
      "    buffer += decoder.decode(bytes, { stream: true });",
      '    const lines = buffer.split("\\n");',
      '    buffer = lines.pop() ?? "";',
      "    for (const line of lines) if (line.trim()) yield parseChunk(line);",
      "  }",
      "  if (buffer.trim()) yield parseChunk(buffer);",
      "}",
      "",
      `/** ${sentence(i + 1, 12)} */`,
      `export const LIMIT_${i} = ${1000 + i * 7};`,
    ].join("\n"),
  }),
  (i) => ({
    server: "docs",
    toolName: "search_docs",
    input: { query: sentence(i, 5).slice(0, -1).toLowerCase(), limit: 5 },
    output: [1, 2, 3, 4, 5]
      .map(
        (k) =>
          `${k}. ${sentence(i + k, 4).slice(0, -1)} — https://docs.example.com/guide/${(i * 5 + k) % 97}\n   ${sentence(i + k * 2, 14)}`,
      )
      .join("\n"),
  }),
  (i) => ({
    server: "fetch",
    toolName: "fetch",
    input: { url: `https://blog.example.com/posts/${i}-streaming`, max_length: 5000 },
    output: `Contents of https://blog.example.com/posts/${i}-streaming:\n\n${[0, 1, 2, 3]
      .map((k) => paragraph(i + k * 5, 3))
      .join("\n\n")}`,
  }),
  (i) => ({
    server: "database",
    toolName: "query",
    input: {
      sql: `SELECT id, status, duration_ms FROM requests WHERE route = '/api/chat' ORDER BY id DESC LIMIT 12 -- ${i}`,
    },
    output: [
      "id     | status | duration_ms",
      "-------+--------+------------",
      ...Array.from(
        { length: 12 },
        (_, k) =>
          `${String(90_000 - i * 12 - k).padEnd(6)} | ${k % 5 === 4 ? "500" : "200"}    | ${(i * 37 + k * 113) % 4000}`,
      ),
      "(12 rows)",
    ].join("\n"),
  }),
  (i) => ({
    server: "git",
    toolName: "git_log",
    input: { repo_path: "/workspace/app", max_count: 8 },
    output: Array.from(
      { length: 8 },
      (_, k) =>
        `Commit: ${((i * 8 + k) * 2654435761).toString(16).padStart(12, "0").slice(-12)}\nAuthor: Dev ${k % 3} <dev${k % 3}@example.com>\nDate: 2026-11-${String(1 + ((i + k) % 28)).padStart(2, "0")}\nMessage: ${sentence(i + k, 7)}\n`,
    ).join("\n"),
  }),
];

/** Reply `i` of the tools conversation: a tool card (even i) or a thinking block, then its text. */
export function toolReplyParts(i: number): MessagePart[] {
  const text: MessagePart = { type: "text", text: assistantText(i) };
  if (i % 2 === 1) {
    const thinking = paragraph(i + 29, 3 + (i % 3));
    return [{ type: "reasoning", text: thinking, durationMs: 1200 + ((i * 737) % 9000) }, text];
  }
  const call = (TOOL_CALLS[(i / 2) % TOOL_CALLS.length] as (typeof TOOL_CALLS)[number])(i);
  return [
    {
      type: "tool",
      toolCallId: `call_uibench_${i}`,
      toolName: call.toolName,
      server: call.server,
      input: call.input,
      state: "output-available",
      output: { content: [{ type: "text", text: call.output }] },
    },
    text,
  ];
}

/** The characters a message's parts hold (text, thinking, tool input and output as JSON). */
function charsOf(parts: readonly MessagePart[]): number {
  return parts.reduce(
    (sum, part) =>
      sum +
      (part.type === "tool"
        ? JSON.stringify(part.input).length + JSON.stringify(part.output).length
        : part.type === "sources" || part.type === "file" || part.type === "unseen-files"
          ? 0
          : part.text.length),
    0,
  );
}

/** The messages of pair `i`: Markdown replies, or (tools) each with a tool card or thinking. */
function pairOf(i: number, replies: "markdown" | "tools"): NewMessage[] {
  return [
    { role: "user", parts: [{ type: "text", text: userText(i) }] },
    {
      role: "assistant",
      parts: replies === "tools" ? toolReplyParts(i) : [{ type: "text", text: assistantText(i) }],
    },
  ];
}

/**
 * Stores `pairs` user/assistant pairs under conversation `id`; returns the total characters and
 * how many tool cards and thinking blocks it holds.
 */
export async function seedConversation(options: {
  dataDir: string;
  appDir: string;
  ownerId: string;
  id: string;
  pairs: number;
  /** Default `markdown`: text only. */
  replies?: "markdown" | "tools";
  title?: string;
}): Promise<{ messages: number; chars: number; toolCards: number; thinkingBlocks: number }> {
  const store = await openChatStore(`file:${join(options.dataDir, "chat.db")}`, {
    migrationsFolder: join(options.appDir, "lib/store/sqlite/migrations"),
  });
  const seeded = { messages: 0, chars: 0, toolCards: 0, thinkingBlocks: 0 };
  try {
    await store.createConversation({
      ownerId: options.ownerId,
      id: options.id,
      title: options.title ?? "A long conversation (UI benchmark)",
    });
    for (let i = 0; i < options.pairs; i++) {
      for (const message of pairOf(i, options.replies ?? "markdown")) {
        const parts = message.parts ?? [];
        seeded.messages++;
        seeded.chars += charsOf(parts);
        seeded.toolCards += parts.filter((part) => part.type === "tool").length;
        seeded.thinkingBlocks += parts.filter((part) => part.type === "reasoning").length;
        const stored = await store.appendMessage(options.ownerId, options.id, message);
        if (!stored) throw new Error("appendMessage found no conversation");
      }
    }
  } finally {
    await store.close();
  }
  return seeded;
}
