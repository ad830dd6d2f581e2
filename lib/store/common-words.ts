/**
 * Which of a question's words the word search of a conversation's chunks leaves out: those found
 * in more than one chunk in twenty of the conversation (and in more than 20 chunks, so that a
 * short file still ranks by the words it repeats). Such a word carries little signal — its idf,
 * ln(N / df), is under ln 20 ≈ 3, against ≈ 10 for a word in one chunk of 20,000 — and costs
 * the most, since each of its thousands of matches would be read and ranked. A rare word is
 * kept however common the others are; a question of common words alone has no word matches,
 * and the vector side answers it.
 */
export function commonWordLimit(chunkCount: number): number {
  return Math.max(20, Math.floor(chunkCount / 20));
}
