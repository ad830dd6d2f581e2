import type { LlamaCppMessage } from "../llama-cpp-engine";

/**
 * The fewest tokens a prompt holding these messages can take, known without rendering or
 * tokenizing it: both run on the main thread in time proportional to the text (a 7.5 MB message
 * held it for 14 s), and a prompt far past the context can be refused without either. No token is
 * longer than the vocabulary's longest, so `n` characters are at least `n / longest` tokens.
 * Thinking is not counted: chat templates may leave earlier turns' thinking out.
 */
export function minimumPromptTokens(messages: LlamaCppMessage[], longestToken: number): number {
  let characters = 0;
  for (const message of messages) {
    if (message.role !== "assistant") characters += message.text.length;
    else {
      for (const item of message.items) {
        if (item.type === "text") characters += item.text.length;
        if (item.type === "function-call") {
          characters += item.paramsText.length + item.result.length;
        }
      }
    }
  }
  return Math.ceil(characters / longestToken);
}

/**
 * The longest token of the model's vocabulary, in characters of its GGUF entry (at least as many
 * as the text it stands for: byte-level BPE writes a character per byte, SentencePiece `▁` for a
 * space and `<0x0A>` for a byte). Undefined when the file does not list its tokens.
 */
export function longestTokenOf(metadata: Record<string, unknown>): number | undefined {
  const tokenizer = metadata.tokenizer as { ggml?: { tokens?: unknown } } | undefined;
  const tokens = tokenizer?.ggml?.tokens;
  if (!Array.isArray(tokens) || tokens.length === 0) return undefined;
  let longest = 1;
  for (const token of tokens) {
    if (typeof token === "string" && token.length > longest) longest = token.length;
  }
  return longest;
}
