/**
 * `npm run bench:retrieval`: retrieval over a conversation's files (issue 24's targets). See
 * bench/retrieval.README.md.
 *
 *   npm run bench:retrieval [-- --backend sqlite|postgres|both|none --chunks 20000
 *                               --others 1000000 --dims 768 --others-dims 4 --rounds 200
 *                               --pages 300 --ingest yes|no --keep no|yes]
 *
 * 1. search  one conversation's `--chunks` chunks (~5 a page: 4,000 pages) among `--others`
 *            chunks of 1,000 other conversations in the same database, random normalised vectors
 *            of `--dims` (the others' of `--others-dims`: never read); the hybrid search
 *            (vectors + words, fused) of a turn, p50/p95 and CPU per search — warm (the vectors
 *            cached in the process, the steady state) and the first search after a change (the
 *            vectors read from the database). Target: p95 ≤ 50 ms.
 * 2. turn    what retrieval adds before the model starts, besides embedding the question: the
 *            chooser of a turn for a file that does not fit (index check, search, passages), the
 *            question's vector given at once. Target: p95 ≤ 100 ms.
 * 3. ingest  a 300-page PDF made with pdf-lib: read (the worker), chunk, embed, store: pages/s
 *            and the share that is embedding. `--embedding stories` (default) embeds with
 *            stories260K: the cost of everything but a real model; `--embedding bench` with the
 *            bench model (SmolLM2-135M's shape, about nomic-embed-text's 137M parameters).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import { createClient } from "@libsql/client";
import { drizzle as drizzleLibsql } from "drizzle-orm/libsql";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { PDFDocument, StandardFonts } from "pdf-lib";
import postgres from "postgres";
import { detectFileKind, readInWorker } from "../lib/files";
import { createLlamaCpp } from "../lib/models/llama-cpp";
import {
  ChunkVectorsCache,
  createRetrievalChooser,
  FileIndexing,
  indexFile,
  searchFileChunks,
  vectorToBytes,
} from "../lib/retrieval";
import {
  bestChunks,
  scoreRowsInJavaScript,
  scoreRowsNatively,
} from "../lib/retrieval/chunk-vectors";
import type { ChatStore } from "../lib/store/chat-store";
import { newId } from "../lib/store/new-id";
import { openChatStore } from "../lib/store/open-chat-store";
import { countFileTerms as countPostgresFileTerms } from "../lib/store/postgres/postgres-file-chunks";
import { fileChunkTerms as sqliteFileChunkTerms } from "../lib/store/sqlite/schema";
import { fileTermRows } from "../lib/store/sqlite/sqlite-file-chunks";
import { chunks as slices } from "../lib/store/store-rows";
import { queryWords } from "../lib/store/stored-file-chunk";
import { benchModelPath, testModelPath } from "../tests/support/test-models";
import { formatTable, median, quantile, round } from "./stats";

const { values: args } = parseArgs({
  options: {
    backend: { type: "string", default: "both" },
    chunks: { type: "string", default: "20000" },
    others: { type: "string", default: "1000000" },
    dims: { type: "string", default: "768" },
    /**
     * The other conversations' vector width: never read by the searched conversation's search
     * (its vectors are read by conversation), so short vectors keep a million rows' load quick.
     */
    "others-dims": { type: "string", default: "4" },
    rounds: { type: "string", default: "200" },
    pages: { type: "string", default: "300" },
    ingest: { type: "string", default: "yes" },
    /** `yes`: the databases are kept (their URLs printed), for a look with EXPLAIN. */
    keep: { type: "string", default: "no" },
    /**
     * The ingest's embedding model: `bench` (SmolLM2-135M's shape, a real model's cost: slow on
     * a shared 2-core machine) or `stories` (stories260K: the plumbing's cost alone).
     */
    embedding: { type: "string", default: "stories" },
  },
});
const CHUNKS = Number(args.chunks);
const OTHERS = Number(args.others);
const DIMS = Number(args.dims);
const OTHERS_DIMS = Number(args["others-dims"]);
const ROUNDS = Number(args.rounds);
const OWNER = "bench-owner";
// Ids as the app makes them (FTS5 indexes a chunk's conversation id as words: ids sharing words,
// like "bench-conversation-1", would all match one another's).
const TARGET = newId();
const TARGET_FILE = newId();
const OTHER_CONVERSATIONS = 1000;
const others = Array.from({ length: OTHER_CONVERSATIONS }, () => ({
  conversationId: newId(),
  fileId: newId(),
}));

// A fixed pseudo-random sequence, so runs compare.
let seed = 42;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}`);
const word = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)] as string;
const words = (n: number) => Array.from({ length: n }, word).join(" ");
function randomVector(dims = DIMS): Uint8Array {
  const values = new Float32Array(dims);
  let sum = 0;
  for (let i = 0; i < dims; i++) {
    const value = random() * 2 - 1;
    values[i] = value;
    sum += value * value;
  }
  const norm = Math.sqrt(sum);
  for (let i = 0; i < dims; i++) values[i] = (values[i] as number) / norm;
  return vectorToBytes(values);
}

interface ChunkRow {
  fileId: string;
  conversationId: string;
  ordinal: number;
  page: number;
  text: string;
  tokens: number;
  embedding: Uint8Array;
}

/** The target conversation's chunks (~300 words, as chunking makes them), then the others' (short). */
function* chunkRows(): Generator<ChunkRow[]> {
  const batch = 2000;
  for (let start = 0; start < CHUNKS; start += batch) {
    yield Array.from({ length: Math.min(batch, CHUNKS - start) }, (_, i) => {
      const ordinal = start + i;
      const text = words(300);
      return {
        fileId: TARGET_FILE,
        conversationId: TARGET,
        ordinal,
        page: Math.floor(ordinal / 5) + 1,
        text,
        tokens: Math.ceil(text.length / 4),
        embedding: randomVector(),
      };
    });
  }
  for (let start = 0; start < OTHERS; start += batch) {
    yield Array.from({ length: Math.min(batch, OTHERS - start) }, (_, i) => {
      const ordinal = start + i;
      const other = others[ordinal % OTHER_CONVERSATIONS] as (typeof others)[number];
      const text = words(40);
      return {
        ...other,
        ordinal,
        page: 1,
        text,
        tokens: Math.ceil(text.length / 4),
        embedding: randomVector(OTHERS_DIMS),
      };
    });
  }
}

const conversationIds = [TARGET, ...others.map((other) => other.conversationId)];
const fileIds = new Map([
  [TARGET, TARGET_FILE],
  ...others.map((other) => [other.conversationId, other.fileId] as const),
]);
const fileOf = (conversationId: string) => fileIds.get(conversationId) as string;

interface Backend {
  name: string;
  url: string;
  load(): Promise<void>;
  drop(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), "retrieval-bench-"));
  const url = pathToFileURL(join(dir, "chat.db")).href;
  return {
    name: "SQLite",
    url,
    async load() {
      const client = createClient({ url, concurrency: 1 });
      const now = Date.now();
      await client.batch(
        conversationIds.flatMap((id) => [
          {
            sql: "INSERT INTO conversations (id, owner_id, title, created_at, updated_at) VALUES (?, ?, '', ?, ?)",
            args: [id, OWNER, now, now],
          },
          {
            sql: "INSERT INTO files (id, owner_id, conversation_id, name, media_type, size, sha256, pages, text, bytes, created_at) VALUES (?, ?, ?, 'bench.pdf', 'application/pdf', 0, '', 4000, '', x'', ?)",
            args: [fileOf(id), OWNER, id, now],
          },
        ]),
        "write",
      );
      // Bulk load: the chunks' indexes, the FTS5 index and its insert trigger are dropped, the
      // rows inserted 50,000 to a transaction, then the FTS5 index rebuilt from the table and
      // the rest put back as the migration wrote them.
      const deferred = await client.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'file_chunks' AND type IN ('index', 'trigger') AND sql IS NOT NULL",
      );
      for (const row of deferred.rows)
        await client.execute(`DROP ${String(row.type).toUpperCase()} "${row.name}"`);
      await client.execute("PRAGMA synchronous = OFF");
      const tuple = "(?,?,?,?,?,?,?,?)";
      let statements: { sql: string; args: (string | number | Uint8Array)[] }[] = [];
      let pending = 0;
      const flush = async () => {
        if (statements.length > 0) await client.batch(statements, "write");
        statements = [];
        pending = 0;
      };
      for (const rows of chunkRows()) {
        for (let i = 0; i < rows.length; i += 500) {
          const part = rows.slice(i, i + 500);
          statements.push({
            sql: `INSERT INTO file_chunks (file_id, conversation_id, owner_id, ordinal, page, text, tokens, embedding) VALUES ${part.map(() => tuple).join(",")}`,
            args: part.flatMap((row) => [
              row.fileId,
              row.conversationId,
              OWNER,
              row.ordinal,
              row.page,
              row.text,
              row.tokens,
              row.embedding,
            ]),
          });
        }
        pending += rows.length;
        if (pending >= 50_000) await flush();
      }
      await flush();
      await client.execute("INSERT INTO file_chunks_fts (file_chunks_fts) VALUES ('rebuild')");
      for (const row of deferred.rows) await client.execute(String(row.sql));
      // Each file's term counts, as storing its chunks writes them.
      const db = drizzleLibsql(client);
      for (const id of conversationIds) {
        const texts = await client.execute({
          sql: "SELECT text FROM file_chunks WHERE file_id = ?",
          args: [fileOf(id)],
        });
        const rows = fileTermRows(
          fileOf(id),
          id,
          texts.rows.map((row) => ({ text: String(row.text) })),
        );
        for (const part of slices(rows, 500)) await db.insert(sqliteFileChunkTerms).values(part);
      }
      await client.execute("PRAGMA synchronous = NORMAL");
      await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      await client.execute("ANALYZE");
      client.close();
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  const admin = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `retrieval_bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const withAdmin = async (work: (sql: postgres.Sql) => Promise<unknown>) => {
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    try {
      await work(sql);
    } finally {
      await sql.end();
    }
  };
  return {
    name: "PostgreSQL",
    url: url.href,
    async load() {
      const sql = postgres(url.href, { max: 1, onnotice: () => {} });
      try {
        const now = new Date();
        await sql`INSERT INTO conversations ${sql(
          conversationIds.map((id) => ({
            id,
            owner_id: OWNER,
            title: "",
            created_at: now,
            updated_at: now,
          })),
        )}`;
        await sql`INSERT INTO files ${sql(
          conversationIds.map((id) => ({
            id: fileOf(id),
            owner_id: OWNER,
            conversation_id: id,
            name: "bench.pdf",
            media_type: "application/pdf",
            size: 0,
            sha256: "",
            pages: 4000,
            text: "",
            bytes: Buffer.alloc(0),
            created_at: now,
          })),
        )}`;
        // Bulk load: the chunks' indexes dropped, COPY, the indexes built again (as the
        // migration wrote them), then VACUUM ANALYZE: the visibility map set, so that counts
        // over the conversation index are index-only, as after autovacuum in a running app.
        const indexes = await sql<{ indexname: string; indexdef: string }[]>`
          SELECT indexname, indexdef FROM pg_indexes
          WHERE tablename = 'file_chunks' AND indexname <> 'file_chunks_pkey'`;
        for (const index of indexes) await sql`DROP INDEX ${sql(index.indexname)}`;
        // COPY in text format: bytea as \\x hex.
        const writable =
          await sql`COPY file_chunks (file_id, conversation_id, owner_id, ordinal, page, text, tokens, embedding) FROM STDIN`.writable();
        for (const rows of chunkRows()) {
          const lines = rows
            .map(
              (row) =>
                `${row.fileId}\t${row.conversationId}\t${OWNER}\t${row.ordinal}\t${row.page}\t${row.text}\t${row.tokens}\t\\\\x${Buffer.from(row.embedding).toString("hex")}\n`,
            )
            .join("");
          if (!writable.write(lines))
            await new Promise((resolve) => writable.once("drain", resolve));
        }
        await new Promise<void>((resolve, reject) => {
          writable.on("finish", resolve);
          writable.on("error", reject);
          writable.end();
        });
        await sql`SET maintenance_work_mem = '512MB'`;
        for (const index of indexes) await sql.unsafe(index.indexdef);
        // Each file's term counts, as storing its chunks writes them.
        const db = drizzlePostgres(sql);
        for (const id of conversationIds) await db.execute(countPostgresFileTerms(fileOf(id), id));
        await sql`VACUUM ANALYZE file_chunks`;
        await sql`VACUUM ANALYZE file_chunk_terms`;
      } finally {
        await sql.end();
      }
    },
    async drop() {
      await withAdmin((sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`);
    },
    // Created before the store migrates it.
    ...{ create: () => withAdmin((sql) => sql`CREATE DATABASE ${sql(name)}`) },
  } as Backend & { create: () => Promise<unknown> };
}

/** An embedding model that answers at once with one fixed vector: the question's, given. */
function instantEmbeddingModel(vector: Float32Array): EmbeddingModelV4 {
  return {
    specificationVersion: "v4",
    provider: "bench",
    modelId: "instant",
    maxEmbeddingsPerCall: 2048,
    supportsParallelCalls: true,
    doEmbed: async ({ values }) => ({
      embeddings: values.map(() => [...vector]),
      warnings: [],
    }),
  } as EmbeddingModelV4;
}

/**
 * CPU time spent on the work, in ms: this process's (all its threads: SQLite runs in it) and the
 * database server's processes for it (PostgreSQL's backends, from /proc). On a machine shared
 * with other work, wall time grows with the load; CPU time per operation hardly does.
 */
let serverCpuMs: () => Promise<number> = async () => 0;

interface Samples {
  wall: number[];
  /** Mean CPU ms per operation: this process and the database server's. */
  cpuMs: number;
}

async function timed(rounds: number, work: (i: number) => Promise<unknown>): Promise<Samples> {
  for (let i = 0; i < Math.min(5, rounds); i++) await work(i);
  const wall: number[] = [];
  const cpu0 = process.cpuUsage();
  const server0 = await serverCpuMs();
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await work(i);
    wall.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const server = (await serverCpuMs()) - server0;
  return { wall, cpuMs: ((cpu.user + cpu.system) / 1000 + server) / rounds };
}

const ms = (value: number) => round(value, value < 10 ? 2 : 1).toString();
const results: string[][] = [];
const stat = (label: string, { wall, cpuMs }: Samples, target?: number) => {
  const p95 = quantile(wall, 0.95);
  const row = [
    label,
    String(wall.length),
    ms(median(wall)),
    ms(p95),
    ms(cpuMs),
    target === undefined ? "" : `${p95 <= target ? "✓" : "✗"} ≤ ${target}`,
  ];
  // Printed as measured too: a long run stopped part-way still tells what it measured.
  console.log(row.join(" | "));
  results.push(row);
};

/** The CPU time of a PostgreSQL database's backends so far, in ms (server on this machine). */
function postgresCpu(url: string): () => Promise<number> {
  // Closed when idle, so that it keeps neither the process nor the database from ending.
  const sql = postgres(url, { max: 1, idle_timeout: 1, onnotice: () => {} });
  const tick = 1000 / 100; // USER_HZ
  return async () => {
    const rows = await sql<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
    let total = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        total += (Number(fields[11]) + Number(fields[12])) * tick;
      } catch {
        // Gone, or another user's: counted as nothing.
      }
    }
    return total;
  };
}

async function benchBackend(backend: Backend & { create?: () => Promise<unknown> }) {
  const log = (line: string) => console.log(`[${backend.name}] ${line}`);
  let store: ChatStore | undefined;
  try {
    await backend.create?.();
    store = await openChatStore(backend.url);
    let t0 = performance.now();
    await backend.load();
    log(
      `loaded ${CHUNKS + OTHERS} chunks (${DIMS} dims) in ${ms((performance.now() - t0) / 1000)} s`,
    );
    serverCpuMs = backend.url.startsWith("postgres") ? postgresCpu(backend.url) : async () => 0;
    const questions = Array.from({ length: ROUNDS + 5 }, () => words(12));
    const vectors = questions.map(() => new Float32Array(randomVector().buffer));
    const scope = { ownerId: OWNER, conversationId: TARGET };
    const cache = new ChunkVectorsCache();
    const search = (i: number, withCache = cache) =>
      searchFileChunks(
        store as ChatStore,
        scope,
        questions[i] as string,
        vectors[i] as Float32Array,
        { budgetTokens: 4000, cache: withCache },
      );
    t0 = performance.now();
    await search(0);
    log(`first search (vectors read from the database): ${ms(performance.now() - t0)} ms`);
    const cold = await timed(5, (i) => search(i, new ChunkVectorsCache()));
    stat(`${backend.name}: search, vectors read from the database`, cold);
    stat(
      `${backend.name}: search (hybrid, fused, within 4,000 tokens)`,
      await timed(ROUNDS, search),
      50,
    );
    // Its parts, for the record.
    stat(
      `${backend.name}:   words alone (matchFileChunks)`,
      await timed(ROUNDS, (i) =>
        (store as ChatStore).matchFileChunks(OWNER, TARGET, queryWords(questions[i] as string), {
          limit: 40,
        }),
      ),
    );
    stat(
      `${backend.name}:   version check alone`,
      await timed(ROUNDS, () => (store as ChatStore).fileChunkSetVersion(OWNER, TARGET)),
    );
    // The vector side alone, the cached matrix: usearch (the app's) against the plain loop.
    const cached = await cache.get(store, OWNER, TARGET);
    for (const [how, score] of [
      ["usearch", scoreRowsNatively],
      ["JavaScript loop", scoreRowsInJavaScript],
    ] as const) {
      stat(
        `${backend.name}:   vectors alone, ${how}`,
        await timed(ROUNDS, async (i) =>
          bestChunks(cached, vectors[i] as Float32Array, 40, undefined, score),
        ),
      );
    }
    const indexing = new FileIndexing();
    stat(
      `${backend.name}: turn's chooser, question's vector given`,
      await timed(ROUNDS, async (i) => {
        const chooser = createRetrievalChooser(
          {
            store: store as ChatStore,
            embeddingModel: instantEmbeddingModel(vectors[i] as Float32Array),
            indexing,
          },
          scope,
        );
        await chooser.choose({
          file: {
            id: TARGET_FILE,
            name: "bench.pdf",
            mediaType: "application/pdf",
            pages: 4000,
            text: "x".repeat(40_000),
          },
          question: questions[i] as string,
          budgetChars: 16_000,
        });
      }),
      100,
    );
  } finally {
    await store?.close();
    if (args.keep === "yes") log(`kept: ${backend.url} (conversation ${TARGET})`);
    else await backend.drop();
  }
}

async function makeBookPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const sentences = [
    "The committee reviewed the annual figures and found the northern region ahead of plan.",
    "Shipping costs rose in the spring, then settled once the new contracts were signed.",
    "Staff training took place in March, with a second round planned for the autumn.",
    "The board asked for a clearer account of how the reserves would be used next year.",
  ];
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([595, 842]);
    for (let line = 0; line < 40; line++) {
      const text = `${sentences[(p + line) % sentences.length]}`.slice(0, 95);
      page.drawText(text, { x: 40, y: 800 - line * 19, size: 10, font });
    }
  }
  return pdf.save({ useObjectStreams: false });
}

async function benchIngest(pages: number) {
  const dir = mkdtempSync(join(tmpdir(), "retrieval-ingest-"));
  const store = await openChatStore(pathToFileURL(join(dir, "chat.db")).href);
  // Threads as the app leaves them (CHAT_EMBEDDING_THREADS unset): the engine's default.
  const provider = createLlamaCpp({ log: (line) => console.log(`[ingest] ${line}`) });
  try {
    const bytes = await makeBookPdf(pages);
    const kind = detectFileKind(bytes, "book.pdf");
    if (!kind) throw new Error("not a PDF?");
    let t0 = performance.now();
    const read = await readInWorker(bytes, kind, "book.pdf", {
      maxPages: 10_000,
      timeLimitMs: 600_000,
      memoryMb: 1024,
    });
    if (!read.ok) throw new Error(`not read: ${JSON.stringify(read.refusal)}`);
    const readMs = performance.now() - t0;
    const conversation = await store.createConversation({ ownerId: OWNER });
    const file = await store.saveFile(OWNER, conversation.id, {
      name: "book.pdf",
      mediaType: kind.mediaType,
      size: bytes.byteLength,
      sha256: "",
      pages: read.pages,
      text: read.text,
      bytes,
    });
    if (!file) throw new Error("not stored");
    const embeddingModel = provider.embeddingModel(
      args.embedding === "bench" ? await benchModelPath() : await testModelPath("stories260K.gguf"),
    );
    // Load the model before timing.
    await embeddingModel.doEmbed({ values: ["warm up"] });
    t0 = performance.now();
    const indexed = await indexFile(
      { store, embeddingModel },
      { id: file.id, ownerId: OWNER, name: file.name, text: read.text },
    );
    const totalMs = readMs + (performance.now() - t0);
    console.log(
      `[ingest] ${pages} pages, ${indexed.chunks} chunks: read ${ms(readMs / 1000)} s, index ${ms(indexed.totalMs / 1000)} s (embedding ${ms(indexed.embeddingMs / 1000)} s)`,
    );
    results.push([
      `ingest ${pages}-page PDF (${indexed.chunks} chunks, ${args.embedding} model)`,
      "1",
      `${round(pages / (totalMs / 1000), 2)} pages/s`,
      `embedding ${Math.round((indexed.embeddingMs / totalMs) * 100)}%`,
      `read ${Math.round((readMs / totalMs) * 100)}%`,
      "",
    ]);
  } finally {
    await store.close();
    await provider.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `retrieval bench: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
if (args.backend === "sqlite" || args.backend === "both") await benchBackend(sqliteBackend());
if (args.backend === "postgres" || args.backend === "both") await benchBackend(postgresBackend());
if (args.ingest === "yes") await benchIngest(Number(args.pages));
console.log(formatTable(["measure", "n", "p50 ms", "p95 ms", "CPU ms/op", "target"], results));
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
