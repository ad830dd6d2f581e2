import type { LlamaModel } from "node-llama-cpp";

/** TinyStories-like sentences: the bench model's tokenizer (512 tokens) suits them. */
export const SENTENCES = [
  "Lily and Tom went to the park with a red ball.",
  "They saw a big dog under a tall tree.",
  "The dog was sad because it lost its bone.",
  "Tom had an idea and looked behind the bench.",
  "Mom made soup and bread for lunch that day.",
  "The little bird sang a happy song in the sun.",
  "Ben wanted to fly his blue kite by the lake.",
  "Sue found a shiny shell on the warm sand.",
];

/** A text of about `tokens` tokens; `seed` varies it, so prompts share no more than they must. */
export function textOf(model: LlamaModel, tokens: number, seed: number): string {
  let text = `Part ${seed}.`;
  for (let i = 0; model.tokenize(text).length < tokens; i++) {
    text += ` ${SENTENCES[(seed * 3 + i) % SENTENCES.length]}`;
  }
  return text;
}
