import { ChatStoreError } from "./chat-store-error";

export const maxTitleLength = 80;

/** A title from a message: whitespace collapsed, at most 80 characters, cut at a word if it can. */
export function titleFromMessage(content: string): string {
  const text = content.replace(/\s+/g, " ").trim();
  const chars = Array.from(text);
  if (chars.length <= maxTitleLength) return text;
  const cut = chars.slice(0, maxTitleLength - 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace >= maxTitleLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** A title a person chose: trimmed, not empty, at most 200 characters. */
export function checkedTitle(title: string): string {
  const trimmed = title.replace(/\s+/g, " ").trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new ChatStoreError("invalid-title", "A title has 1 to 200 characters.");
  }
  return trimmed;
}
