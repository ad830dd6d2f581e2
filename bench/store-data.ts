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
  last_seq: number;
  created_at: number;
  updated_at: number;
}

/**
 * Conversation `index` with `count` messages: user turns of ~120 characters, assistant turns of
 * ~600 (a few short paragraphs), a minute apart, the conversation ordered by `index`.
 */
export function benchConversation(
  ownerId: string,
  index: number,
  count: number,
  start: number,
): { conversation: BenchConversation; messages: BenchMessage[] } {
  const random = seededRandom(index + 1);
  const id = `c${String(index).padStart(20, "0")}`;
  const createdAt = start + index * 60_000;
  const messages: BenchMessage[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const role = seq % 2 === 1 ? "user" : "assistant";
    const at = createdAt + seq * 1000;
    messages.push({
      id: `m${String(index).padStart(12, "0")}${String(seq).padStart(8, "0")}`,
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
