/** How many leading elements two token lists share. */
export function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a[i] === b[i]) i++;
  return i;
}

/**
 * Below this share of a sequence's tokens, a shared prefix (typically just the system prompt) does
 * not make the sequence a match: using it would throw away another conversation's cache to save a
 * few tokens. llama.cpp's server chooses slots the same way (`--slot-prompt-similarity`, 0.5).
 */
export const MIN_SHARED_FRACTION = 0.5;

/**
 * How many prompt tokens a sequence holding `held` would save: its common prefix with the prompt,
 * or 0 when that is under half of what it holds (it holds another conversation).
 */
export function reusableTokens(held: readonly number[], prompt: readonly number[]): number {
  const shared = commonPrefixLength(held, prompt);
  return shared >= MIN_SHARED_FRACTION * held.length ? shared : 0;
}
