/**
 * `npm run bench:store` (or `npx tsx bench/store.ts`): the conversation store on SQLite and on
 * PostgreSQL with 10,000 conversations of 50 messages. See bench/store.README.md.
 *
 *   npx tsx bench/store.ts [--backend sqlite|postgres|both|none] [--conversations 10000]
 *                          [--messages 50] [--big 1000] [--branches 50] [--rounds 200]
 *                          [--import 5000]
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { partsOfText } from "@/lib/chat/message";
import { env } from "@/lib/env";
import type { ChatStore } from "@/lib/store/chat-store";
import { currentPathOf } from "@/lib/store/current-path";
import { openChatStore } from "@/lib/store/open-chat-store";
import { median, quantile } from "./stats";
import { benchConversation, seededRandom, sentenceText, textBytes } from "./store-data";
import { benchImport } from "./store-import";
import { type BenchDatabase, postgresBenchDatabase, sqliteBenchDatabase } from "./store-load";

const owner = "bench-owner";
const start = Date.parse("2025-01-01T00:00:00Z");

interface Row {
  operation: string;
  samples: number[];
  target?: number;
}

async function time(rounds: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(10, rounds); i++) await work(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await work(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

async function runBackend(
  database: BenchDatabase,
  options: {
    conversations: number;
    messages: number;
    big: number;
    branches: number;
    rounds: number;
  },
) {
  const log = (line: string) => console.log(`[${database.name}] ${line}`);
  let store: ChatStore | undefined;
  try {
    let t0 = performance.now();
    store = await openChatStore(database.url);
    log(`open + migrate an empty database: ${ms(performance.now() - t0)} ms`);

    // Loaded in two halves, measuring size and text after each: growth should be linear.
    const sizes: { conversations: number; text: number; bytes: number }[] = [];
    let text = 0;
    const bigIndex = options.conversations; // one more conversation, with `big` messages
    const halves = [
      [0, options.conversations / 2],
      [options.conversations / 2, options.conversations],
    ] as const;
    t0 = performance.now();
    for (const [from, to] of halves) {
      for (let i = from; i < to; i += 1000) {
        const batch = [];
        for (let j = i; j < Math.min(i + 1000, to); j++) {
          batch.push(benchConversation(owner, j, options.messages, start));
        }
        if (to === options.conversations && i + 1000 >= to) {
          batch.push(
            benchConversation(owner, bigIndex, options.big, start - 86_400_000, options.branches),
          );
        }
        for (const b of batch) text += textBytes(b.messages);
        await database.load(batch);
      }
      sizes.push({ conversations: to, text, bytes: await database.sizeBytes() });
    }
    const loadMs = performance.now() - t0;
    const total = options.conversations * options.messages + options.big;
    log(
      `bulk load: ${total.toLocaleString("en")} messages in ${(loadMs / 1000).toFixed(1)} s ` +
        `(${Math.round(total / (loadMs / 1000)).toLocaleString("en")} messages/s)`,
    );
    for (const s of sizes) {
      log(
        `size at ${s.conversations.toLocaleString("en")} conversations: ${mb(s.bytes)} for ` +
          `${mb(s.text)} of text (${(s.bytes / s.text).toFixed(2)} bytes per text byte)`,
      );
    }
    const [a, b] = sizes;
    if (a && b) {
      log(
        `growth between the two: ${((b.bytes - a.bytes) / (b.text - a.text)).toFixed(2)} bytes per text byte`,
      );
    }
    await database.analyze();

    const bigId = benchConversation(owner, bigIndex, 0, start).conversation.id;
    const random = seededRandom(42);
    const someConversation = () =>
      benchConversation(owner, Math.floor(random() * options.conversations), 0, start).conversation
        .id;
    const s = store;
    const second = await s.listConversations(owner, { limit: 50 });
    const rows: Row[] = [
      {
        operation: "baseline: raw primary-key SELECT",
        samples: await time(options.rounds, () => database.rawLookup(someConversation())),
      },
      {
        operation: "list newest 50",
        target: 20,
        samples: await time(options.rounds, () => s.listConversations(owner, { limit: 50 })),
      },
      {
        operation: "list next 50 (cursor)",
        samples: await time(options.rounds, () =>
          s.listConversations(owner, { limit: 50, cursor: second.nextCursor }),
        ),
      },
      {
        operation: `open a ${options.big}-message conversation with ${options.branches} branches (its current path)`,
        target: 50,
        samples: await time(Math.ceil(options.rounds / 2), async () => {
          const c = await s.getConversation(owner, bigId);
          if (c?.messages.length !== options.big)
            throw new Error("the big conversation is missing");
          if (currentPathOf(c).length !== options.big - options.branches)
            throw new Error("the current path is not what was stored");
        }),
      },
      {
        operation: `open a ${options.messages}-message conversation`,
        samples: await time(options.rounds, () => s.getConversation(owner, someConversation())),
      },
      {
        operation: "append a message",
        target: 5,
        samples: await time(options.rounds, (i) =>
          s.appendMessage(owner, someConversation(), {
            role: "user",
            content: sentenceText(random, 120 + (i % 50)),
          }),
        ),
      },
    ];
    const reply = await s.appendMessage(owner, bigId, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    let partial = "";
    rows.push({
      operation: "update a streaming reply",
      samples: await time(options.rounds, () => {
        partial += "word ";
        return s.updateMessage(owner, reply?.id ?? "", { parts: partsOfText(partial) });
      }),
    });
    rows.push({
      operation: "search, a common word (stops at 20)",
      samples: await time(10, () => s.searchConversations(owner, "Database", { limit: 20 })),
    });
    rows.push({
      operation: "search, a word in no message (full scan)",
      samples: await time(3, () => s.searchConversations(owner, "zebra", { limit: 20 })),
    });

    const baseline = median(rows[0]?.samples ?? []);
    console.log("");
    console.log(
      `${database.name}: ${options.conversations.toLocaleString("en")} conversations × ${options.messages} messages, one of ${options.big}`,
    );
    console.log("| operation | runs | median ms | p95 ms | target | median ÷ baseline |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const row of rows) {
      const middle = median(row.samples);
      const p95 = quantile(row.samples, 0.95);
      const verdict =
        row.target === undefined
          ? ""
          : `≤ ${row.target} ${p95 <= row.target ? "✓" : middle <= row.target ? "(median ✓)" : "✗"}`;
      console.log(
        `| ${row.operation} | ${row.samples.length} | ${ms(middle)} | ${ms(p95)} | ${verdict} | ${(middle / baseline).toFixed(1)}× |`,
      );
    }
    console.log("");
  } finally {
    await store?.close();
    await database.drop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      backend: { type: "string", default: "both" },
      conversations: { type: "string", default: "10000" },
      messages: { type: "string", default: "50" },
      big: { type: "string", default: "1000" },
      branches: { type: "string", default: "50" },
      // Conversations in the ChatGPT export the import half writes and imports (0: skip it).
      import: { type: "string", default: "5000" },
      rounds: { type: "string", default: "200" },
    },
  });
  const options = {
    conversations: Number(values.conversations),
    messages: Number(values.messages),
    big: Number(values.big),
    branches: Number(values.branches),
    rounds: Number(values.rounds),
  };
  console.log(
    `${new Date().toISOString()} · ${cpus().length} CPUs · ${cpus()[0]?.model.trim()} · Node ${process.version} · load average ${loadavg()[0]?.toFixed(1)}`,
  );
  const t0 = performance.now();
  if (values.backend === "sqlite" || values.backend === "both") {
    await runBackend(sqliteBenchDatabase(), options);
  }
  if (values.backend === "postgres" || values.backend === "both") {
    await runBackend(await postgresBenchDatabase(env().TEST_POSTGRES_URL), options);
  }
  if (Number(values.import) > 0) {
    const result = await benchImport({ conversations: Number(values.import), turns: 5 });
    const growth = result.peakRssGrowthBytes;
    console.log("");
    console.log(
      `import (SQLite): a ${mb(result.fileBytes)} ChatGPT export of ${result.conversations.toLocaleString("en")} conversations (5 turns, one edit each): ` +
        `${result.imported.toLocaleString("en")} imported in ${result.seconds.toFixed(1)} s ` +
        `(target ≤ 60 s ${result.seconds <= 60 ? "✓" : "✗"}); peak RSS growth ${mb(growth)} ` +
        `(target ≤ 300 MB ${growth <= 300e6 ? "✓" : "✗"})`,
    );
  }
  // Other work on the machine shows here: medians hold up under it, p95s do not.
  console.log(
    `total ${((performance.now() - t0) / 1000).toFixed(0)} s · load average at the end ${loadavg()[0]?.toFixed(1)}`,
  );
}

await main();
