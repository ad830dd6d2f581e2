import { describe, expect, test } from "vitest";
import { groupConversations } from "./conversation-groups";

const at = (id: string, updatedAt: Date) => ({ id, title: id, updatedAt: updatedAt.toISOString() });

describe("groupConversations", () => {
  const now = new Date(2026, 11, 6, 15, 30);

  test("Today from local midnight, Previous 7 days, then Older; newest first kept", () => {
    const list = [
      at("now", new Date(2026, 11, 6, 15, 0)),
      at("midnight", new Date(2026, 11, 6, 0, 0)),
      at("last-night", new Date(2026, 11, 5, 23, 59)),
      at("a-week", new Date(2026, 10, 29, 0, 0)),
      at("before", new Date(2026, 10, 28, 23, 59)),
    ];
    expect(
      groupConversations(list, now).map((g) => [g.name, g.conversations.map((c) => c.id)]),
    ).toEqual([
      ["Today", ["now", "midnight"]],
      ["Previous 7 days", ["last-night", "a-week"]],
      ["Older", ["before"]],
    ]);
  });

  test("empty sections are left out", () => {
    expect(groupConversations([at("old", new Date(2020, 0, 1))], now).map((g) => g.name)).toEqual([
      "Older",
    ]);
    expect(groupConversations([], now)).toEqual([]);
  });
});
