/** Deterministic chat-like text and rows for the store benchmark. */

const words = (
  "the a of to and in is it you that for on with as this be are not or can your have " +
  "what how why when where which will would should could use make time model data code " +
  "function value error test file list page message reply question answer example server " +
  "client store query index table row column cache stream token context prompt system user " +
  "assistant bread garden river mountain travel budget recipe python typescript database"
).split(" ");

/** mulberry32: a small seeded PRNG, so every run stores the same text. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About `chars` characters of sentences. */
export function sentenceText(random: () => number, chars: number): string {
  let text = "";
  while (text.length < chars) {
    const length = 6 + Math.floor(random() * 12);
    const sentence: string[] = [];
    for (let i = 0; i < length; i++)
      sentence.push(words[Math.floor(random() * words.length)] ?? "");
    const first = sentence.join(" ");
    text += `${first.charAt(0).toUpperCase()}${first.slice(1)}. `;
  }
  return text.trimEnd();
}

export interface BenchMessage {
  id: string;
  conversation_id: string;
  /** The message it follows: the one before, or at each branch the one before that. */
  parent_id: string | null;
  seq: number;
  role: "user" | "assistant";
  content: string;
  status: "complete";
  created_at: number;
  updated_at: number;
}

export interface BenchConversation {
  id: string;
  owner_id: string;
  title: string;
  current_leaf_id: string | null;
  last_seq: number;
  created_at: number;
  updated_at: number;
}

/**
 * Conversation `index` with `count` messages: user turns of ~120 characters, assistant turns of
 * ~600 (a few short paragraphs), a minute apart, the conversation ordered by `index`. With
 * `branches`, that many messages, evenly spread, are a second version of the message before them
 * (an edit or a regenerated reply): the conversation goes on from the newer version, and the
 * older one is a branch of one message. It shows its last message.
 */
export function benchConversation(
  ownerId: string,
  index: number,
  count: number,
  start: number,
  branches = 0,
): { conversation: BenchConversation; messages: BenchMessage[] } {
  const random = seededRandom(index + 1);
  const id = `c${String(index).padStart(20, "0")}`;
  const createdAt = start + index * 60_000;
  const messages: BenchMessage[] = [];
  const messageId = (seq: number) =>
    `m${String(index).padStart(12, "0")}${String(seq).padStart(8, "0")}`;
  const branchEvery = branches > 0 ? Math.floor(count / branches) : 0;
  // Depth along the message's path: turns alternate user, assistant down every path.
  const depth: number[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const version = branchEvery > 0 && seq > 2 && seq % branchEvery === 0;
    const parent = seq === 1 ? 0 : version ? seq - 2 : seq - 1;
    depth[seq] = parent === 0 ? 0 : (depth[parent] ?? 0) + 1;
    const role = (depth[seq] ?? 0) % 2 === 0 ? "user" : "assistant";
    const at = createdAt + seq * 1000;
    messages.push({
      id: messageId(seq),
      parent_id: parent === 0 ? null : messageId(parent),
      conversation_id: id,
      seq,
      role,
      content: sentenceText(random, role === "user" ? 40 + random() * 160 : 200 + random() * 800),
      status: "complete",
      created_at: at,
      updated_at: at,
    });
  }
  const title = messages[0]?.content.slice(0, 60) ?? "";
  const updatedAt = createdAt + count * 1000;
  return {
    conversation: {
      id,
      owner_id: ownerId,
      title,
      current_leaf_id: messages.at(-1)?.id ?? null,
      last_seq: count,
      created_at: createdAt,
      updated_at: updatedAt,
    },
    messages,
  };
}

export function textBytes(messages: readonly BenchMessage[]): number {
  let bytes = 0;
  for (const m of messages) bytes += Buffer.byteLength(m.content);
  return bytes;
}
