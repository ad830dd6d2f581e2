import { readFileSync } from "node:fs";
import { createClient } from "@libsql/client";
import { expect, test } from "vitest";
import { countTerms, fts5Term } from "./fts5-terms";

/** The terms SQLite's own FTS5 (`porter unicode61`, as migration 0009) makes of each word. */
async function termsOfSqlite(words: readonly string[]): Promise<string[][]> {
  const client = createClient({ url: ":memory:" });
  try {
    await client.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61')");
    await client.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)");
    for (let i = 0; i < words.length; i += 500)
      await client.batch(
        words.slice(i, i + 500).map((word, j) => ({
          sql: "INSERT INTO t (rowid, text) VALUES (?, ?)",
          args: [i + j + 1, word],
        })),
        "write",
      );
    const terms: string[][] = words.map(() => []);
    for (const row of (await client.execute("SELECT doc, term FROM v ORDER BY doc, offset")).rows)
      terms[Number(row.doc) - 1]?.push(String(row.term));
    return terms;
  } finally {
    client.close();
  }
}

test("every word of a large English corpus, and words of other scripts, get the term SQLite's FTS5 gives them", async () => {
  // TypeScript's type definitions of the DOM and ECMAScript: English prose and identifiers.
  const corpus = ["lib.dom.d.ts", "lib.es5.d.ts", "lib.webworker.d.ts", "typescript.d.ts"]
    .map((name) => readFileSync(`node_modules/typescript/lib/${name}`, "utf8"))
    .join("\n");
  const words = [
    ...new Set([
      ...(corpus.match(/[\p{L}\p{N}]+/gu) ?? []),
      ..."Café naïve RÉSUMÉ Generalizations running RUNS ponies caresses v2 2024 x86 Ångström jalapeño русский Москва 日本語 한국어 élève".split(
        " ",
      ),
    ]),
  ];
  expect(words.length).toBeGreaterThan(10_000);
  const sqlite = await termsOfSqlite(words);
  const differ = words
    .map((word, i) => ({ word, sqlite: sqlite[i], ours: fts5Term(word) }))
    .filter(({ sqlite, ours }) => sqlite?.length !== 1 || sqlite[0] !== ours);
  expect(differ).toEqual([]);
  // Where they part: porter reads a letter outside ASCII as a consonant and may strip an English
  // suffix after it; `stemmer` leaves such a word whole. Such a word's stored count is under
  // our term (both sides use fts5Term), so it is never taken for common by mistake.
  expect(await termsOfSqlite(["Straße"])).toEqual([["straß"]]);
  expect(fts5Term("Straße")).toBe("straße");
});

test("a text's terms are counted once a text", () => {
  expect(countTerms(["The harbour, the harbours!", "A harbour master", "Nothing here"])).toEqual(
    new Map([
      ["the", 1],
      ["harbour", 2],
      ["a", 1],
      ["master", 1],
      ["noth", 1],
      ["here", 1],
    ]),
  );
});
