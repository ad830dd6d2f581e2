import { describe, expect, it } from "vitest";
import { SkippedNotes } from "./skipped-notes";

describe("SkippedNotes", () => {
  it("counts each kind once, naming the first few files", () => {
    const notes = new SkippedNotes();
    notes.image();
    notes.image();
    for (const name of ["a.pdf", "b.pdf", "a.pdf", "c.pdf", "d.pdf"]) notes.attachment(name);
    notes.unknownContentType("tether_quote");
    expect(notes.list()).toEqual([
      "2 images",
      "5 attachments (a.pdf, b.pdf, c.pdf and 1 more)",
      "an unknown content type 'tether_quote'",
    ]);
  });

  it("notes 200,000 differently named files in linear time", () => {
    const notes = new SkippedNotes();
    for (let i = 0; i < 200_000; i++) notes.attachment(`file-${i}.pdf`);
    expect(notes.list()).toEqual([
      "200000 attachments (file-0.pdf, file-1.pdf, file-2.pdf and 199997 more)",
    ]);
  });
});
