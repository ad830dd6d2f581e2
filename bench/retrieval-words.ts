/**
 * `npm run bench:retrieval-words`: the word search of a conversation's chunks with every word
 * ranked, and as the store does it now (common words left out by the stored term counts, the
 * rarest ranked within a budget: lib/store/common-words.ts), side by side on the same database,
 * rounds alternating, so that a loaded machine weighs on both alike. It runs on the databases
 * `npm run bench:retrieval -- --keep yes` leaves (their URLs and the conversation id printed).
 *
 *   npm run bench:retrieval-words -- --url <database URL> --conversation <id> [--rounds 100]
 *
 * "before" is the query the stores ran until then, verbatim: every question word, each match
 * of each ranked (FTS5 BM25 on SQLite; idf from the GIN index on PostgreSQL).
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createClient } from "@libsql/client";
import postgres from "postgres";
import { openChatStore } from "../lib/store/open-chat-store";
import { queryWords } from "../lib/store/stored-file-chunk";
import { formatTable, median, quantile, round } from "./stats";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    conversation: { type: "string" },
    owner: { type: "string", default: "bench-owner" },
    rounds: { type: "string", default: "100" },
  },
});
if (!args.url || !args.conversation) throw new Error("--url and --conversation are needed");
const url = args.url;
const conversationId = args.conversation;
const ownerId = args.owner;
const ROUNDS = Number(args.rounds);

// The questions of bench/retrieval.ts: 12 words of its skewed 5,000-word vocabulary.
let seed = 7;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}`);
const question = () =>
  Array.from(
    { length: 12 },
    () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)] as string,
  ).join(" ");

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
const LIMIT = 40;

/** The word search as it was before common words were left out. */
function before(): (words: string[]) => Promise<number> {
  if (url.startsWith("postgres")) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    return async (words) => {
      const rows = await sql`
        WITH words AS (
          SELECT word, websearch_to_tsquery('english', word) AS query
          FROM unnest(${words}::text[]) AS word
        ),
        hits AS (
          SELECT c.id, c.file_id, words.word
          FROM words
          JOIN file_chunks c ON c.tsv @@ words.query
          WHERE c.owner_id = ${ownerId} AND c.conversation_id = ${conversationId}
        ),
        df AS (SELECT word, count(*) AS n FROM hits GROUP BY word),
        total AS (
          SELECT count(*) AS n FROM file_chunks
          WHERE owner_id = ${ownerId} AND conversation_id = ${conversationId}
        )
        SELECT hits.id, hits.file_id AS "fileId"
        FROM hits JOIN df USING (word), total
        GROUP BY hits.id, hits.file_id
        ORDER BY sum(ln((total.n + 1)::float8 / df.n)) DESC, hits.id
        LIMIT ${LIMIT}`;
      return rows.length;
    };
  }
  const client = createClient({ url });
  return async (words) => {
    const query = `conversation_id : ${quote(conversationId)} AND text : (${words.map(quote).join(" OR ")})`;
    const result = await client.execute({
      sql: `SELECT c.id AS id, c.file_id AS fileId
        FROM file_chunks_fts
        JOIN file_chunks c ON c.id = file_chunks_fts.rowid
        WHERE file_chunks_fts MATCH ?
          AND c.owner_id = ? AND c.conversation_id = ?
        ORDER BY bm25(file_chunks_fts, 1.0, 0.0)
        LIMIT ?`,
      args: [query, ownerId, conversationId, LIMIT],
    });
    return result.rows.length;
  };
}

console.log(
  `retrieval words bench: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
const store = await openChatStore(url);
const old = before();
const now = (words: string[]) =>
  store.matchFileChunks(ownerId, conversationId, words, { limit: LIMIT }).then((r) => r.length);
const samples = { before: [] as number[], after: [] as number[] };
const found = { before: 0, after: 0 };
for (let i = 0; i < ROUNDS + 5; i++) {
  const words = queryWords(question());
  // Alternating which goes first, so neither always finds the other's pages in the cache.
  const order = i % 2 === 0 ? (["before", "after"] as const) : (["after", "before"] as const);
  for (const which of order) {
    const t0 = performance.now();
    const matches = await (which === "before" ? old(words) : now(words));
    if (i < 5) continue;
    samples[which].push(performance.now() - t0);
    found[which] += matches;
  }
}
await store.close();
const ms = (value: number) => String(round(value, value < 10 ? 2 : 1));
const row = (label: string, values: number[], matches: number) => [
  label,
  String(values.length),
  ms(median(values)),
  ms(quantile(values, 0.95)),
  String(round(matches / values.length, 1)),
];
console.log(
  formatTable(
    ["word search", "n", "p50 ms", "p95 ms", "matches returned (mean)"],
    [
      row("before: every word ranked", samples.before, found.before),
      row("now: the store's word search", samples.after, found.after),
    ],
  ),
);
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
process.exit(0);
