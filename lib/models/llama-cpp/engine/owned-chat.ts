import { reusableTokens } from "./prefix-reuse";

/** What ownership needs of a context sequence (node-llama-cpp's LlamaContextSequence has it). */
export interface ClearableSequence {
  readonly contextTokens: readonly number[];
  /** Erases every token, KV cache included. */
  clearHistory(): Promise<void>;
}

/**
 * A pooled chat and the owner whose tokens its sequence holds. The prompt cache is per owner: a
 * request that could reuse another owner's prefix would learn, from the reused count or from its
 * time to first token, how much of its guess matches that owner's last prompt. So another
 * owner's sequence scores nothing, and a sequence changing owner is erased before use.
 */
export class OwnedChat<Chat extends { readonly sequence: ClearableSequence }> {
  /** Whose tokens the sequence holds; undefined while it has held none. */
  private owner: string | undefined;

  constructor(readonly chat: Chat) {}

  /** Prompt tokens this sequence would save `owner`: none when it holds someone else's. */
  reusableTokens(owner: string, prompt: readonly number[]): number {
    return owner === this.owner ? reusableTokens(this.chat.sequence.contextTokens, prompt) : 0;
  }

  /** Makes the sequence `owner`'s, erasing another owner's tokens first. */
  async claim(owner: string): Promise<void> {
    if (owner === this.owner) return;
    if (this.chat.sequence.contextTokens.length > 0) await this.chat.sequence.clearHistory();
    this.owner = owner;
  }
}
