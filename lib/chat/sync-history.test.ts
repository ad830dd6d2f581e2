import { expect, test } from "vitest";
import type { Message } from "./message";
import { syncHistory } from "./sync-history";

const u = (content: string): Message => ({ role: "user", content });
const a = (content: string): Message => ({ role: "assistant", content });

test("a new turn appends the user's message", () => {
  expect(syncHistory([u("hi"), a("hello")], [u("hi"), a("hello"), u("more")])).toEqual({
    keep: 2,
    append: [u("more")],
  });
});

test("the first message of a new conversation", () => {
  expect(syncHistory([], [u("hi")])).toEqual({ keep: 0, append: [u("hi")] });
});

test("regenerate drops the last reply and appends nothing", () => {
  expect(
    syncHistory([u("hi"), a("hello"), u("q"), a("old")], [u("hi"), a("hello"), u("q")]),
  ).toEqual({
    keep: 3,
    append: [],
  });
});

test("an edit cuts the tail at the edited message", () => {
  expect(
    syncHistory([u("hi"), a("hello"), u("q"), a("r")], [u("hi"), a("hello"), u("q2")]),
  ).toEqual({
    keep: 2,
    append: [u("q2")],
  });
  expect(syncHistory([u("hi"), a("hello")], [u("changed")])).toEqual({
    keep: 0,
    append: [u("changed")],
  });
});

test("a stopped partial reply matches its stored partial", () => {
  expect(syncHistory([u("hi"), a("par")], [u("hi"), a("par"), u("go on")])).toEqual({
    keep: 2,
    append: [u("go on")],
  });
});
