import { expect, test } from "vitest";
import type { StoredMessage } from "@/lib/store";
import type { MessagePart } from "./message-parts";
import { toModelHistory } from "./model-history";
import { sourceLine } from "./reply-sources";
import { toUIChunks, toUIMessage } from "./stored-to-ui";

const sources: MessagePart = {
  type: "sources",
  sources: [
    { n: 1, fileId: "f1", fileName: "report.pdf", page: 3, text: "## Results\nIt rained." },
  ],
};
const reply = {
  id: "r1",
  conversationId: "c1",
  parentId: "u1",
  role: "assistant",
  content: "It rained [1].",
  parts: [sources, { type: "text", text: "It rained [1]." }],
  speaker: null,
  seq: 2,
  status: "complete",
  droppedMessages: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
} satisfies StoredMessage;

test("a stored reply's sources are its metadata, not a part the page renders", () => {
  const ui = toUIMessage(reply);
  expect(ui.parts).toEqual([{ type: "text", text: "It rained [1]." }]);
  expect(ui.metadata?.sources).toEqual(sources.type === "sources" ? sources.sources : []);
  expect(toUIChunks("r1", reply.parts)[1]).toEqual({
    type: "message-metadata",
    messageMetadata: { sources: sources.type === "sources" ? sources.sources : [] },
  });
});

test("the model does not get a past reply's sources back, only what it said", async () => {
  const history = await toModelHistory([{ role: "assistant", parts: reply.parts }]);
  expect(history).toEqual([
    { role: "assistant", content: [{ type: "text", text: "It rained [1]." }] },
  ]);
});

test("a source's line is its first line of text, without heading marks, cut with an ellipsis", () => {
  expect(sourceLine("\n## Results\nIt rained.")).toBe("Results");
  expect(sourceLine(`${"word ".repeat(40)}`, 20)).toBe("word word word word…");
  expect(sourceLine("  \n")).toBe("");
});
