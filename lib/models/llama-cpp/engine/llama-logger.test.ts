import { describe, expect, it } from "vitest";
import { isUnsetSpecialTokenWarning } from "./llama-logger";

describe("isUnsetSpecialTokenWarning", () => {
  it("matches llama.cpp's warning for an unset optional special token, and nothing else", () => {
    expect(
      isUnsetSpecialTokenWarning(
        "load: bad special token: 'tokenizer.ggml.padding_token_id' = 4294967295, using default id -1\n",
      ),
    ).toBe(true);
    expect(
      isUnsetSpecialTokenWarning(
        "load: bad special token: 'tokenizer.ggml.eos_token_id' = 70000, using default id 2",
      ),
    ).toBe(false);
    expect(isUnsetSpecialTokenWarning("llama_model_load: error loading model")).toBe(false);
  });
});
