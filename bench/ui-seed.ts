/**
 * A long conversation for bench/ui.ts, written straight into the app's SQLite file before the app
 * starts: alternating user and assistant messages, the assistant's in realistic Markdown
 * (paragraphs, lists, inline code, a fenced code block every third reply, a table now and then).
 * Deterministic: the same text on every run.
 */
import { join } from "node:path";
import { openChatStore } from "@/lib/store";

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

/** Stores `pairs` user/assistant pairs under conversation `id`; returns the total characters. */
export async function seedConversation(options: {
  dataDir: string;
  appDir: string;
  ownerId: string;
  id: string;
  pairs: number;
}): Promise<{ messages: number; chars: number }> {
  const store = await openChatStore(`file:${join(options.dataDir, "chat.db")}`, {
    migrationsFolder: join(options.appDir, "lib/store/sqlite/migrations"),
  });
  let chars = 0;
  try {
    await store.createConversation({
      ownerId: options.ownerId,
      id: options.id,
      title: "A long conversation (UI benchmark)",
    });
    for (let i = 0; i < options.pairs; i++) {
      for (const message of [
        { role: "user" as const, content: userText(i) },
        { role: "assistant" as const, content: assistantText(i) },
      ]) {
        chars += message.content.length;
        const stored = await store.appendMessage(options.ownerId, options.id, message);
        if (!stored) throw new Error("appendMessage found no conversation");
      }
    }
  } finally {
    await store.close();
  }
  return { messages: options.pairs * 2, chars };
}
