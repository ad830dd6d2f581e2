import {
  type ChatWrapper,
  type LlamaModel,
  resolveChatWrapper,
  type SpecializedChatWrapperTypeName,
  specializedChatWrapperTypeNames,
} from "node-llama-cpp";

export type FallbackChatWrapperName = SpecializedChatWrapperTypeName;

export function isFallbackChatWrapperName(name: string): name is FallbackChatWrapperName {
  return (specializedChatWrapperTypeNames as readonly string[]).includes(name);
}

/**
 * The model's own chat template (GGUF `tokenizer.chat_template`) formats the conversation when it
 * has one. Without one, node-llama-cpp would guess a format from the file's name, so we name the
 * fallback explicitly instead.
 */
export function chooseChatWrapper(
  model: LlamaModel,
  fallback: FallbackChatWrapperName,
): ChatWrapper {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  const hasOwnTemplate = typeof template === "string" && template.trim() !== "";
  return resolveChatWrapper(model, { type: hasOwnTemplate ? "auto" : fallback });
}
