import { stemmer } from "stemmer";

/**
 * The terms SQLite's FTS5 makes of text with the chunks' tokenizer, `porter unicode61`
 * (migration 0009), made in JavaScript: a file's term counts are written, and a question's words
 * looked up, by the same terms the full-text index holds. unicode61 splits on anything but
 * letters and digits, folds case and Latin diacritics; porter stems the result (Porter's 1980
 * algorithm, which `stemmer` implements too: fts5-terms.test.ts compares the two on every word
 * of a large corpus and on words of other scripts; they part only on a word with letters outside
 * ASCII followed by an English suffix, which FTS5 stems and `stemmer` does not).
 */
export function fts5Term(word: string): string {
  const folded = word
    .toLowerCase()
    .normalize("NFD")
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
    .normalize("NFC");
  return stemmer(folded);
}

/**
 * Whether FTS5 surely makes the same term: plain ASCII after folding, where the two stemmers
 * agree. A word with no stored count is absent from the conversation only if this holds.
 */
export function isSharedTerm(term: string): boolean {
  return /^[a-z0-9]+$/.test(term);
}

/** The distinct terms of a text. */
export function fts5Terms(text: string): Set<string> {
  return new Set((text.match(/[\p{L}\p{N}]+/gu) ?? []).map(fts5Term));
}

/** In how many of the texts each term occurs. */
export function countTerms(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const term of fts5Terms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
