/**
 * Which of a question's words the word search of a conversation's chunks ranks by. Left out:
 * those found in more than one chunk in twenty of the conversation (and in more than 20 chunks,
 * so that a short file still ranks by the words it repeats). Such a word carries little signal —
 * its idf, ln(N / df), is under ln 20 ≈ 3, against ≈ 10 for a word in one chunk of 20,000 — and
 * costs the most, since each of its thousands of matches would be read and ranked. A question of
 * common words alone has no word matches, and the vector side answers it.
 */
export function commonWordLimit(chunkCount: number): number {
  return Math.max(20, Math.floor(chunkCount / 20));
}

/**
 * How many matches the ranked words may have together: the ranking reads each, so this bounds
 * its cost however large the conversation (docs/decisions/0012-retrieval-without-an-index.md).
 */
export const RANKED_MATCHES = 2000;

/**
 * The words to rank by, rarest first: none above the common-word limit, and of the rest as many
 * as fit RANKED_MATCHES together — the rarest always, since a rare word is what finds a passage
 * by its names and numbers. `n` is how many of the conversation's chunks hold the word (stored
 * at ingest: file_chunk_terms).
 */
export function wordsToRank<T extends { n: number }>(
  counted: readonly T[],
  chunkCount: number,
): T[] {
  const limit = commonWordLimit(chunkCount);
  const taken: T[] = [];
  let matches = 0;
  for (const word of [...counted].filter((word) => word.n <= limit).sort((a, b) => a.n - b.n)) {
    if (taken.length > 0 && matches + word.n > RANKED_MATCHES) break;
    taken.push(word);
    matches += word.n;
  }
  return taken;
}
