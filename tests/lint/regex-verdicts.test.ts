import { describe, expect, test } from "vitest";
import { RegexVerdicts } from "./regex-verdicts";

/** Real recheck in its own process, under the watchdog (regex-verdicts.ts). */
describe("recheck under a watchdog", () => {
  test("decides safe and vulnerable expressions, one after another in one process", async () => {
    const verdicts = new RegexVerdicts(120_000);
    try {
      const safe = verdicts.verdict({ where: "a.ts:1", source: "^a+b$", flags: "" });
      const vulnerable = verdicts.verdict({ where: "a.ts:2", source: "^(a+)+$", flags: "" });
      expect(await safe).toMatch(/^(safe|linear|constant)$/);
      expect(await vulnerable).toMatch(/^vulnerable: exponential/);
    } finally {
      verdicts.close();
    }
  });

  test("an expression recheck cannot decide fails when the limit is reached; a new process checks the next", async () => {
    // The math delimiters' expression before d463d3c: a backreference recheck (its time limits
    // off) never finished with, which hung the whole suite.
    const undecidable = String.raw`(\`+)[\s\S]*?\1|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)`;
    const limitMs = 5_000;
    const verdicts = new RegexVerdicts(limitMs);
    try {
      const started = Date.now();
      expect(await verdicts.verdict({ where: "m.ts:9", source: undecidable, flags: "g" })).toBe(
        "undecided: recheck gave no verdict within 5 s",
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(limitMs);
    } finally {
      verdicts.close();
    }
    const after = new RegexVerdicts(120_000);
    try {
      expect(await after.verdict({ where: "a.ts:1", source: "^a+b$", flags: "" })).toMatch(
        /^(safe|linear|constant)$/,
      );
    } finally {
      after.close();
    }
  }, 180_000);
});
