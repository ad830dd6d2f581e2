/**
 * The import half of bench/store.ts: a ChatGPT data export (`conversations.json`) of thousands of
 * conversations, written to a temporary file as a stream, then imported into a fresh SQLite store
 * through lib/import — the route's own code — while the process's RSS is sampled.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { importConversations } from "@/lib/import/import-conversations";
import { openChatStore } from "@/lib/store/open-chat-store";
import { seededRandom, sentenceText } from "./store-data";

/**
 * ChatGPT conversation `index`: a root node, then `turns` user/assistant pairs of realistic
 * length, with one edited user message (two versions: a branch) and an image upload in the first.
 */
function chatgptConversation(index: number, turns: number): unknown {
  const random = seededRandom(index + 7);
  const created = 1_700_000_000 + index * 600;
  const mapping: Record<string, unknown> = {};
  const node = (id: string, parent: string | null, message: unknown) => {
    mapping[id] = { id, message, parent, children: [] };
    if (parent) (mapping[parent] as { children: string[] }).children.push(id);
  };
  const message = (id: string, role: string, parts: unknown[], at: number) => ({
    id,
    author: { role, name: null, metadata: {} },
    create_time: at,
    content: {
      content_type: parts.some((p) => typeof p !== "string") ? "multimodal_text" : "text",
      parts,
    },
    status: "finished_successfully",
    metadata: {},
    recipient: "all",
  });
  node("root", null, null);
  let parent = "root";
  for (let turn = 0; turn < turns; turn++) {
    const at = created + turn * 60;
    const user = `u${turn}`;
    const question = sentenceText(random, 80 + random() * 200);
    const parts: unknown[] =
      turn === 0
        ? [
            { content_type: "image_asset_pointer", asset_pointer: "file-service://file-x" },
            question,
          ]
        : [question];
    node(user, parent, message(user, "user", parts, at));
    if (turn === 1) {
      // The user edited this message: the first version stays, with its own reply.
      node(`${user}b`, parent, message(`${user}b`, "user", [`${question} (edited)`], at + 30));
      node(
        `a${turn}old`,
        user,
        message(`a${turn}old`, "assistant", [sentenceText(random, 400)], at + 5),
      );
    }
    const asked = turn === 1 ? `${user}b` : user;
    const reply = `a${turn}`;
    node(
      reply,
      asked,
      message(reply, "assistant", [sentenceText(random, 500 + random() * 900)], at + 40),
    );
    parent = reply;
  }
  return {
    title: `Conversation ${index}: ${sentenceText(random, 30).slice(0, 40)}`,
    create_time: created,
    update_time: created + turns * 60,
    mapping,
    current_node: parent,
    conversation_id: `conv-${index}`,
    id: `conv-${index}`,
  };
}

/** Writes `count` conversations as one JSON array, a conversation at a time. */
async function writeExport(path: string, count: number, turns: number): Promise<number> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write("[");
  for (let i = 0; i < count; i++) {
    await write(`${i === 0 ? "" : ","}${JSON.stringify(chatgptConversation(i, turns))}`);
  }
  await write("]");
  out.end();
  await once(out, "finish");
  return (await stat(path)).size;
}

export interface ImportBenchResult {
  fileBytes: number;
  conversations: number;
  imported: number;
  seconds: number;
  /** Highest RSS during the import, less the RSS just before it. */
  peakRssGrowthBytes: number;
}

export async function benchImport(options: {
  conversations: number;
  turns: number;
}): Promise<ImportBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), "chat-import-bench-"));
  try {
    const file = join(dir, "conversations.json");
    const fileBytes = await writeExport(file, options.conversations, options.turns);
    const store = await openChatStore(`file:${join(dir, "chat.db")}`);
    try {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 25);
      const t0 = performance.now();
      const report = await importConversations(
        store,
        "bench-importer",
        () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      );
      const seconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      return {
        fileBytes,
        conversations: options.conversations,
        imported: report.imported,
        seconds,
        peakRssGrowthBytes: peak - before,
      };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
