import type { ChatStore } from "@/lib/store";

/**
 * A new conversation of `ownerId` holding a PDF's worth of text, stored as the upload route
 * stores a read PDF: `pages` joined by form feeds. The text is the file's bytes too, so nothing
 * has to read a real PDF; the returned file carries its text, as retrieval is handed it.
 */
export async function savePdfText(
  store: ChatStore,
  ownerId: string,
  name: string,
  pages: readonly string[],
) {
  const text = pages.join("\f");
  const conversation = await store.createConversation({ ownerId });
  const saved = await store.saveFile(ownerId, conversation.id, {
    name,
    mediaType: "application/pdf",
    size: text.length,
    sha256: "0".repeat(64),
    pages: pages.length,
    text,
    bytes: new TextEncoder().encode(text),
  });
  if (!saved) throw new Error("no file");
  return { conversation, file: { ...saved, text } };
}
