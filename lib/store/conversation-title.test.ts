import { expect, test } from "vitest";
import { ChatStoreError } from "./chat-store-error";
import { checkedTitle, titleFromMessage } from "./conversation-title";

test("a short message is its own title, whitespace collapsed", () => {
  expect(titleFromMessage("  How do\n\tI bake   bread? ")).toBe("How do I bake bread?");
  expect(titleFromMessage("   ")).toBe("");
});

test("a long message is cut at a word, within 80 characters", () => {
  const title = titleFromMessage(`Please explain ${"quantum ".repeat(20)}mechanics`);
  expect(title).toMatch(/^Please explain quantum quantum .*quantum…$/);
  expect(title.length).toBeLessThanOrEqual(80);
});

test("a long word is cut mid-word; characters outside the BMP are not split", () => {
  expect(titleFromMessage("x".repeat(100))).toBe(`${"x".repeat(79)}…`);
  const emoji = titleFromMessage("😀".repeat(100));
  expect(Array.from(emoji)).toHaveLength(80);
  expect(emoji.endsWith("😀…")).toBe(true);
});

test("a chosen title is trimmed; empty or over 200 characters is refused", () => {
  expect(checkedTitle("  My   chat ")).toBe("My chat");
  for (const bad of ["", "  \n ", "y".repeat(201)]) {
    expect(() => checkedTitle(bad)).toThrow(ChatStoreError);
  }
});
