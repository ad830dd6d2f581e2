import { describe, expect, test } from "vitest";
import { chunkText, defaultChunkOptions } from "./chunk-text";

const paragraph = (word: string, words: number) =>
  `${Array.from({ length: words }, (_, i) => `${word}${i}`).join(" ")}.`;

describe("chunkText", () => {
  test("a short text is one chunk, without a page", () => {
    expect(chunkText("Hello there.\n\nA second paragraph.", "prose")).toEqual([
      { ordinal: 0, page: null, text: "Hello there.\n\nA second paragraph.", tokens: 9 },
    ]);
  });

  test("pages separated by form feeds keep their numbers, and no chunk crosses a page", () => {
    const chunks = chunkText("first page\fsecond page\f\fthird", "prose");
    expect(chunks.map(({ page, text }) => [page, text])).toEqual([
      [1, "first page"],
      [2, "second page"],
      [4, "third"],
    ]);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual([0, 1, 2]);
  });

  test("paragraphs are packed up to the target, with a little of the text before each chunk", () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => paragraph(`p${i}w`, 60));
    const text = paragraphs.join("\n\n");
    const chunks = chunkText(text, "prose");
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(
        defaultChunkOptions.targetTokens + defaultChunkOptions.overlapTokens,
      );
      expect(text).toContain(chunk.text);
    }
    // Every paragraph is in some chunk whole.
    for (const p of paragraphs) expect(chunks.some((chunk) => chunk.text.includes(p))).toBe(true);
    // The second chunk starts with words of the end of the first.
    const [first, second] = chunks;
    const firstWordOfSecond = second?.text.split(" ")[0] ?? "";
    expect(first?.text).toContain(firstWordOfSecond);
    expect(second?.text.startsWith(firstWordOfSecond)).toBe(true);
  });

  test("a heading opens a new chunk and stays with its paragraph", () => {
    const text = `# Intro\n\n${paragraph("a", 20)}\n\n## Method\n\n${paragraph("b", 20)}`;
    const chunks = chunkText(text, "prose", { ...defaultChunkOptions, overlapTokens: 0 });
    expect(chunks.map((chunk) => chunk.text)).toEqual([
      `# Intro\n\n${paragraph("a", 20)}`,
      `## Method\n\n${paragraph("b", 20)}`,
    ]);
  });

  test("a paragraph longer than the maximum is cut at sentences, each piece in bounds", () => {
    const sentences = Array.from({ length: 80 }, (_, i) => `Sentence number ${i} says a thing.`);
    const chunks = chunkText(sentences.join(" "), "prose", {
      ...defaultChunkOptions,
      overlapTokens: 0,
    });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(defaultChunkOptions.maxTokens);
      expect(chunk.text).toMatch(/^Sentence number \d+ says a thing\.$|thing\.$/);
    }
  });

  test("code breaks between functions (blank lines), not inside a line", () => {
    const fn = (name: string) =>
      `function ${name}() {\n${Array.from({ length: 30 }, (_, i) => `  const v${i} = ${i} * 2;`).join("\n")}\n}`;
    const source = ["a", "b", "c", "d", "e"].map(fn).join("\n\n");
    const chunks = chunkText(source, "code", { ...defaultChunkOptions, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.startsWith("function ")).toBe(true);
      expect(chunk.text.endsWith("}")).toBe(true);
    }
  });

  test("an empty text has no chunks", () => {
    expect(chunkText("", "prose")).toEqual([]);
    expect(chunkText("\n\n  \f\n", "prose")).toEqual([]);
  });
});
