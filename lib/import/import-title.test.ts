import { expect, it } from "vitest";
import { dateFromEpoch, dateFromIso } from "./export-dates";
import { importTitle } from "./import-title";

it("fits a title to one line of at most 200 characters, without cutting an emoji", () => {
  expect(importTitle("  Two\nlines  ")).toBe("Two lines");
  expect(importTitle(null)).toBe("");
  const long = importTitle("😀".repeat(300));
  expect(Array.from(long)).toHaveLength(200);
  expect(long).toBe(`${"😀".repeat(199)}…`);
});

it("reads epoch dates in seconds, milliseconds or nanoseconds, and ignores what is not a date", () => {
  const when = new Date("2024-03-09T16:00:00.500Z");
  expect(dateFromEpoch(when.getTime() / 1000)).toEqual(when);
  expect(dateFromEpoch(when.getTime())).toEqual(when);
  expect(dateFromEpoch(when.getTime() * 1e6)).toEqual(when);
  expect(dateFromEpoch(null)).toBeUndefined();
  expect(dateFromEpoch(0)).toBeUndefined();
  expect(dateFromIso("2024-03-09T16:00:00.500Z")).toEqual(when);
  expect(dateFromIso("yesterday")).toBeUndefined();
});
