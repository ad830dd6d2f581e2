/** The store's limit on a title (lib/store/conversation-title.ts checks titles a person types). */
export const maxImportTitleLength = 200;

/**
 * A title from another app, fit for ours: whitespace collapsed (titles are one line) and at most
 * 200 characters, counted as characters rather than UTF-16 units so an emoji is not cut in half.
 * An empty title stays empty: the store names an untitled conversation from its first message.
 */
export function importTitle(raw: string | null | undefined): string {
  const text = (raw ?? "").replace(/\s+/g, " ").trim();
  const chars = Array.from(text);
  if (chars.length <= maxImportTitleLength) return text;
  return `${chars
    .slice(0, maxImportTitleLength - 1)
    .join("")
    .trimEnd()}…`;
}
