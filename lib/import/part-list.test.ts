import { describe, expect, it } from "vitest";
import { codeBlock } from "./part-list";

describe("codeBlock", () => {
  it("fences code with more backticks than its longest run", () => {
    expect(codeBlock("print(1)", "python")).toBe("```python\nprint(1)\n```");
    expect(codeBlock("a ```` b `` c")).toBe("`````\na ```` b `` c\n`````");
  });

  it("fences 1 MB of code made of half a million runs", () => {
    const code = "` ".repeat(500_000);
    expect(codeBlock(code)).toBe(`\`\`\`\n${code}\n\`\`\``);
  });
});
