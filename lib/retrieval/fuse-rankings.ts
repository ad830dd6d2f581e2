/**
 * Reciprocal rank fusion: each list gives an item 1 / (k + rank); the sums order the merged list.
 * Ranks, not scores, so a cosine similarity and a BM25 score need no common scale; k = 60 is the
 * value of the method's paper (Cormack et al., 2009) and of most search engines that use it.
 */
export function fuseRankings<Id>(rankings: readonly (readonly Id[])[], k = 60): Id[] {
  const scores = new Map<Id, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, rank) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1));
    });
  }
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
