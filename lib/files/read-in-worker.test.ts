import { describe, expect, test } from "vitest";
import {
  makeDocx,
  makePdf,
  makePdfOfManyPages,
  makePng,
  makeZipBomb,
} from "@/tests/support/test-files";
import { detectFileKind } from "./detect-file-kind";
import type { FileKind } from "./file-kind";
import { READ_BOUNDS } from "./file-limits";
import { readInWorker } from "./read-in-worker";

/**
 * The reader with a real worker thread (started on TypeScript here, hence tsx) and real files:
 * PDFs written by pdf-lib, a DOCX by `docx`, a PNG and zips written by hand.
 */
const worker = { execArgv: ["--import", "tsx"] };
const limits = { maxPages: 2_000, timeLimitMs: 30_000, memoryMb: 256 };

async function read(bytes: Uint8Array, name: string, overrides: Partial<typeof limits> = {}) {
  const kind = detectFileKind(bytes, name);
  if (!kind) throw new Error(`${name}: no kind`);
  return readInWorker(bytes, kind, name, { ...limits, ...overrides }, worker);
}

const text = (s: string) => new TextEncoder().encode(s);

describe("reading attached files", () => {
  test("a PDF's text, page by page, separated by form feeds", async () => {
    const pdf = await makePdf(["The first page.", "Second page\nwith two lines.", "Third."]);
    expect(detectFileKind(pdf, "report.pdf")?.mediaType).toBe("application/pdf");
    const outcome = await read(pdf, "report.pdf");
    expect(outcome.ok && outcome.pages).toBe(3);
    const pages = outcome.ok ? (outcome.text ?? "").split("\f") : [];
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain("The first page.");
    expect(pages[1]).toContain("with two lines.");
    expect(pages[2]).toContain("Third.");
  });

  test("a DOCX's text", async () => {
    const docx = await makeDocx(["Quarterly notes", "Revenue rose by eleven percent."]);
    const outcome = await read(docx, "notes.docx");
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.text).toContain("Revenue rose by eleven percent.");
  });

  test("text kinds by name or opening; HTML reduced to its readable text", async () => {
    const cases: [string, string, FileKind["mediaType"]][] = [
      ["data.csv", "city,people\nLyon,522000\n", "text/csv"],
      ["data.tsv", "a\tb\n1\t2\n", "text/tab-separated-values"],
      ["config.json", '{"a": 1}', "application/json"],
      ["README.md", "# Title\n", "text/markdown"],
      ["main.ts", "export const x = 1;\n", "text/plain"],
      ["page", "<!DOCTYPE html><p>x</p>", "text/html"],
    ];
    for (const [name, content, mediaType] of cases) {
      expect(detectFileKind(text(content), name)?.mediaType, name).toBe(mediaType);
    }
    const html = await read(
      text(
        "<html><head><script>alert(1)</script><style>p{}</style></head><body><h1>Hello</h1><p>A <a href='https://x.test'>link</a>.</p></body></html>",
      ),
      "page.html",
    );
    expect(html.ok && html.text).toContain("A link.");
    expect(html.ok && html.text).not.toContain("alert");
    expect(html.ok && html.text).not.toContain("x.test");
  });

  test("an image is kept as it is: no text; its type from its bytes, not its name", async () => {
    const png = makePng(4, 3);
    expect(detectFileKind(png, "photo.jpg")).toEqual({ kind: "image", mediaType: "image/png" });
    expect(await read(png, "photo.jpg")).toEqual({ ok: true, text: null, pages: null });
  });

  test("what we do not read is refused: a zip that is not a DOCX, binary data, a fake PNG", async () => {
    expect(detectFileKind(makeZipBomb(10), "archive.zip")).toBeUndefined();
    expect(detectFileKind(new Uint8Array([0, 1, 2, 3, 255]), "blob.bin")).toBeUndefined();
    // Named .png but HTML inside: it is text, and read as such.
    expect(detectFileKind(text("<html><script>x</script></html>"), "cat.png")?.kind).toBe("text");
    const notDocx = await read(
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      "broken.docx",
    );
    expect(notDocx).toMatchObject({ ok: false, refusal: { reason: "file-unreadable" } });
  });

  test("an archive bomb is refused before anything is unpacked", async () => {
    const bomb = makeZipBomb(READ_BOUNDS.maxUnzippedBytes + 1024 * 1024);
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    expect(await read(bomb, "bomb.docx")).toEqual({
      ok: false,
      refusal: { reason: "archive-bomb", maxBytes: READ_BOUNDS.maxUnzippedBytes },
    });
  });

  test("a PDF of a million pages is refused before its pages are read", async () => {
    const pdf = await makePdfOfManyPages(1_000);
    expect(pdf.byteLength).toBeLessThan(100_000);
    expect(await read(pdf, "huge.pdf")).toEqual({
      ok: false,
      refusal: { reason: "too-many-pages", pages: 1_000_000, maxPages: 2_000 },
    });
  });

  test("a 50 MB line is refused", async () => {
    const line = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    expect(await read(line, "line.txt")).toEqual({
      ok: false,
      refusal: { reason: "line-too-long", maxChars: READ_BOUNDS.maxLineChars },
    });
  });

  test("a read past its time is stopped and refused", async () => {
    const pdf = await makePdf(Array.from({ length: 200 }, (_, i) => `Page ${i + 1}`));
    expect(await read(pdf, "slow.pdf", { timeLimitMs: 1 })).toEqual({
      ok: false,
      refusal: { reason: "file-read-too-long", timeLimitMs: 1 },
    });
  });
});
