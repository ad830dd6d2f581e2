import { describe, expect, it } from "vitest";
import { buildImportTree, type SourceMessage, type SourceNode } from "./import-tree";

function say(
  role: SourceMessage["role"],
  text: string,
  extra: Partial<SourceMessage> = {},
): SourceMessage {
  return { role, parts: text ? [{ type: "text", text }] : [], status: "complete", ...extra };
}

function node(
  id: string,
  parentId: string | null,
  message: SourceMessage | null,
  userTurn = false,
): SourceNode {
  return { id, parentId, message, userTurn };
}

describe("buildImportTree", () => {
  it("hangs the children of a left-out node on its nearest kept ancestor, or makes them first messages", () => {
    const tree = buildImportTree(
      [
        node("root", null, null),
        node("u", "root", say("user", "Hi")),
        node("tool", "u", null),
        node("a", "tool", say("assistant", "Hello")),
      ],
      { mergeAssistantRuns: false },
    );
    if (!tree.ok) throw new Error(tree.reason);
    expect(tree.messages.map((m) => [m.key, m.parent])).toEqual([
      ["u", null],
      ["a", "u"],
    ]);
    expect(tree.keyOf("tool")).toBe("u");
    expect(tree.keyOf("root")).toBeNull();
    expect(tree.keyOf("nowhere")).toBeNull();
  });

  it("merges a run of replies into one, but not across a branch or a user's turn", () => {
    const tree = buildImportTree(
      [
        node("u", null, say("user", "Q")),
        node("think", "u", say("assistant", "", { parts: [{ type: "reasoning", text: "hmm" }] })),
        node("recap", "think", say("assistant", "", { thoughtForMs: 4000 })),
        node("answer", "recap", say("assistant", "A")),
        // Two continuations of the answer: a branch, so neither merges into it.
        node("more-1", "answer", say("assistant", "B")),
        node("more-2", "answer", say("assistant", "C")),
        // A user turn left out (an image only, hidden): the reply after it is a new one.
        node("hidden-user", "more-1", null, true),
        node("after", "hidden-user", say("assistant", "D")),
      ],
      { mergeAssistantRuns: true },
    );
    if (!tree.ok) throw new Error(tree.reason);
    expect(tree.messages.map((m) => [m.key, m.parent])).toEqual([
      ["u", null],
      ["think", "u"],
      ["more-1", "think"],
      ["after", "more-1"],
      ["more-2", "think"],
    ]);
    expect(tree.messages[1]?.parts).toEqual([
      { type: "reasoning", text: "hmm", durationMs: 4000 },
      { type: "text", text: "A" },
    ]);
    expect(tree.keyOf("answer")).toBe("think");
    expect(tree.keyOf("recap")).toBe("think");
  });

  it("leaves out an empty reply but keeps an empty user message", () => {
    const tree = buildImportTree(
      [
        node("u", null, say("user", "")),
        node("a", "u", say("assistant", "")),
        node("u2", "a", say("user", "Well?")),
      ],
      { mergeAssistantRuns: false },
    );
    if (!tree.ok) throw new Error(tree.reason);
    expect(tree.messages.map((m) => [m.key, m.parent])).toEqual([
      ["u", null],
      ["u2", "u"],
    ]);
    expect(tree.keyOf("a")).toBe("u");
  });

  it("refuses a loop, a missing parent and a repeated id", () => {
    expect(
      buildImportTree([node("a", "b", say("user", "1")), node("b", "a", say("assistant", "2"))], {
        mergeAssistantRuns: false,
      }),
    ).toEqual({
      ok: false,
      reason: "Its messages do not form a tree: some of them follow each other in a loop.",
    });
    expect(
      buildImportTree([node("a", "x", say("user", "1"))], { mergeAssistantRuns: false }),
    ).toEqual({
      ok: false,
      reason: "Message a follows x, which is not in the conversation.",
    });
    expect(
      buildImportTree([node("a", null, say("user", "1")), node("a", null, say("user", "2"))], {
        mergeAssistantRuns: false,
      }),
    ).toEqual({ ok: false, reason: "Message a appears twice." });
  });
});
