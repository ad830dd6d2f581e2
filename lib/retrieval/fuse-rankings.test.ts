import { expect, test } from "vitest";
import { fuseRankings } from "./fuse-rankings";

test("an item ranked well by both lists comes before one ranked first by only one", () => {
  expect(
    fuseRankings([
      ["a", "b", "c"],
      ["b", "d", "a"],
    ]),
  ).toEqual(["b", "a", "d", "c"]);
});

test("one list alone keeps its order; no lists give nothing", () => {
  expect(fuseRankings([[3, 1, 2]])).toEqual([3, 1, 2]);
  expect(fuseRankings([])).toEqual([]);
});
