import { expect, test } from "vitest";
import { defaultCast } from "@/lib/chat/participants";
import type { ConversationTree, StoredMessage } from "@/lib/store";
import { exportConversationMarkdown } from "./markdown-transcript";

const at = new Date("2026-12-01T10:00:00Z");
const message = (
  seq: number,
  fields: Pick<StoredMessage, "role" | "content" | "parts">,
): StoredMessage => ({
  id: `m${seq}`,
  conversationId: "c",
  parentId: seq === 1 ? null : `m${seq - 1}`,
  speaker: null,
  seq,
  status: "complete",
  droppedMessages: null,
  createdAt: at,
  updatedAt: at,
  ...fields,
});

test("the Markdown transcript shows thinking and tool calls readably", () => {
  const conversation: ConversationTree = {
    id: "c",
    ownerId: "o",
    title: "Weather",
    systemPrompt: null,
    tools: { off: [], alwaysAllowed: [] },
    currentLeafId: "m2",
    cast: defaultCast,
    model: null,
    createdAt: at,
    updatedAt: at,
    messages: [
      message(1, {
        role: "user",
        content: "Weather in Oslo?",
        parts: [{ type: "text", text: "Weather in Oslo?" }],
      }),
      message(2, {
        role: "assistant",
        content: "Sunny.",
        parts: [
          { type: "reasoning", text: "Look it up.\nThen answer.", durationMs: 2400 },
          {
            type: "tool",
            toolCallId: "call_1",
            toolName: "weather",
            server: "everything",
            input: { city: "Oslo" },
            state: "output-available",
            output: "Sunny",
          },
          { type: "text", text: "Sunny." },
        ],
      }),
    ],
  };
  expect(exportConversationMarkdown(conversation)).toBe(
    [
      "# Weather",
      "",
      "- Created: 2026-12-01T10:00:00.000Z",
      "",
      "## User",
      "",
      "Weather in Oslo?",
      "",
      "## Assistant",
      "",
      "> **Thinking** (2 s)",
      "> Look it up.",
      "> Then answer.",
      "",
      "**Tool call: weather** (everything)",
      "",
      "Input:",
      "",
      "```json",
      '{\n  "city": "Oslo"\n}',
      "```",
      "",
      "Output:",
      "",
      "```json",
      "Sunny",
      "```",
      "",
      "Sunny.",
      "",
    ].join("\n"),
  );
});
