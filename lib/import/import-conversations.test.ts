import { describe, expect, test } from "vitest";
import { tempChatStoreForFile } from "@/tests/support/temp-chat-store";
import { emptyReport, storeConversations } from "./import-conversations";
import type { ImportItem } from "./read-conversations-file";

const store = tempChatStoreForFile();

async function* conversations(count: number): AsyncGenerator<ImportItem> {
  for (let n = 0; n < count; n++) {
    yield {
      ok: true,
      skipped: [],
      conversation: {
        title: `Chat ${n}`,
        systemPrompt: null,
        model: null,
        current: null,
        messages: [
          {
            key: "u",
            parent: null,
            role: "user",
            parts: [{ type: "text", text: "Hi" }],
            status: "complete",
          },
        ],
      },
    };
  }
}

describe("storeConversations", () => {
  test("stores one conversation per turn of the event loop, so other requests run in between", async () => {
    // SQLite on a local file answers without leaving the microtask queue: without a turn of the
    // event loop per conversation, nothing else (a timer, a request) ran until the last was stored.
    const report = emptyReport();
    let storedWhenTimerRan: number | undefined;
    setTimeout(() => {
      storedWhenTimerRan = report.imported;
    }, 0);
    await storeConversations(store(), "turns", conversations(200), report);
    expect(report.imported).toBe(200);
    expect(storedWhenTimerRan).toBeLessThan(200);
  });
});
