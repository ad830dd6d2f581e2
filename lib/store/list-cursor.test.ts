import { expect, test } from "vitest";
import { ChatStoreError } from "./chat-store-error";
import { decodeListCursor, encodeListCursor, pageLimit } from "./list-cursor";

test("a cursor decodes to the position it encodes, and is URL-safe", () => {
  const position = { updatedAt: new Date("2026-03-04T05:06:07.089Z"), id: "V1StGXR8_Z5jdHi6B-myT" };
  const cursor = encodeListCursor(position);
  expect(cursor).toMatch(/^[\w-]+$/);
  expect(decodeListCursor(cursor)).toEqual(position);
});

test("anything else is refused", () => {
  for (const bad of ["", "abc", Buffer.from("12.").toString("base64url"), "💥"]) {
    expect(() => decodeListCursor(bad)).toThrow(ChatStoreError);
  }
});

test("page limits default to 50 and stay within 1 to 200", () => {
  expect(pageLimit(undefined)).toBe(50);
  expect(pageLimit(0)).toBe(1);
  expect(pageLimit(7.9)).toBe(7);
  expect(pageLimit(10_000)).toBe(200);
});
