import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
} from "@ai-sdk/provider";

export interface PromptTokenCount {
  tokens: number;
  /** True when the model itself counted (the local model); false for an estimate. */
  exact: boolean;
}

/** A model that can count the prompt of its call options: our local provider. */
interface PromptTokenCounter {
  countPromptTokens(options: LanguageModelV4CallOptions): Promise<number>;
}

function canCountPromptTokens(
  model: LanguageModelV4,
): model is LanguageModelV4 & PromptTokenCounter {
  return typeof (model as Partial<PromptTokenCounter>).countPromptTokens === "function";
}

/**
 * The tokens a model would read for these call options. The local model renders and tokenizes
 * the prompt exactly as a reply would; a remote model has no counting endpoint we can rely on
 * (OpenAI-compatible servers have none in common), so its count is estimated from the prompt's
 * characters.
 */
export async function countPromptTokens(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
): Promise<PromptTokenCount> {
  if (canCountPromptTokens(model)) {
    return { tokens: await model.countPromptTokens(options), exact: true };
  }
  return { tokens: estimatePromptTokens(options), exact: false };
}

/** About 4 characters a token for English text and code, the usual rule of thumb. */
const CHARS_PER_TOKEN = 4;

/** The characters of everything the prompt says (messages, calls, results, tools), over 4. */
export function estimatePromptTokens(options: LanguageModelV4CallOptions): number {
  let chars = promptChars(options.prompt);
  for (const tool of options.tools ?? []) {
    if (tool.type !== "function") continue;
    chars += tool.name.length + (tool.description?.length ?? 0);
    chars += JSON.stringify(tool.inputSchema).length;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

function promptChars(prompt: LanguageModelV4Prompt): number {
  let chars = 0;
  for (const message of prompt) {
    if (message.role === "system") {
      chars += message.content.length;
      continue;
    }
    for (const part of message.content) {
      switch (part.type) {
        case "text":
        case "reasoning":
          chars += part.text.length;
          break;
        case "tool-call":
          chars += part.toolName.length + JSON.stringify(part.input ?? {}).length;
          break;
        case "tool-result":
          chars += JSON.stringify(part.output).length;
          break;
        default:
          break;
      }
    }
  }
  return chars;
}
