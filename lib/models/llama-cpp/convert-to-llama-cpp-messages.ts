import {
  type LanguageModelV4Message,
  type LanguageModelV4Prompt,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { LlamaCppMessage } from "./llama-cpp-engine";

/** Text is all a local GGUF chat model reads here; files and tool traffic are refused by name. */
export function convertToLlamaCppMessages(prompt: LanguageModelV4Prompt): LlamaCppMessage[] {
  return prompt.map(convertMessage);
}

function convertMessage(message: LanguageModelV4Message): LlamaCppMessage {
  if (message.role === "system") return { role: "system", text: message.content };
  if (message.role === "tool") {
    throw new UnsupportedFunctionalityError({ functionality: "tool messages" });
  }
  const text = message.content
    .map((part) => {
      if (part.type === "text") return part.text;
      // Reasoning from an earlier turn is not shown to the model again.
      if (part.type === "reasoning") return "";
      throw new UnsupportedFunctionalityError({ functionality: `${part.type} parts` });
    })
    .join("");
  return { role: message.role, text };
}
