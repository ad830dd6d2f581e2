import { expect, test } from "vitest";
import { RANKED_MATCHES, wordsToRank } from "./common-words";

test("words above one chunk in twenty are left out; the rest are taken rarest first within the match budget, the rarest always", () => {
  const counted = [
    { word: "harbour", n: 1200 },
    { word: "zeppelin", n: 1 },
    { word: "lantern", n: 900 },
    { word: "keeper", n: 700 },
    { word: "tide", n: 400 },
  ];
  // 20,000 chunks: the limit is 1,000; 1 + 400 + 700 = 1,101 fit 2,000, 900 more would not.
  expect(wordsToRank(counted, 20_000).map((word) => word.word)).toEqual([
    "zeppelin",
    "tide",
    "keeper",
  ]);
  // A word alone past the budget is still ranked when it is the rarest.
  expect(wordsToRank([{ n: RANKED_MATCHES + 500 }], 1_000_000)).toEqual([
    { n: RANKED_MATCHES + 500 },
  ]);
  // A short file keeps the words it repeats (the limit's floor of 20).
  expect(wordsToRank([{ n: 2 }], 3)).toEqual([{ n: 2 }]);
  expect(wordsToRank([{ n: 21 }], 100)).toEqual([]);
});
