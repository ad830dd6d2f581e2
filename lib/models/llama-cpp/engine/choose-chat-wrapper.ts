import {
  type ChatWrapper,
  JinjaTemplateChatWrapper,
  type LlamaModel,
  QwenChatWrapper,
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
  { thinking = true }: { thinking?: boolean } = {},
): ChatWrapper {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  const hasOwnTemplate = typeof template === "string" && template.trim() !== "";
  return resolveChatWrapper(model, {
    type: hasOwnTemplate ? "auto" : fallback,
    // Thinking off, where the format has a switch for it: a Jinja template's `enable_thinking`
    // (it pre-fills an empty thought), Qwen's "discourage". Other formats can only cap it.
    customWrapperSettings: thinking
      ? undefined
      : { jinjaTemplate: { reasoning: false }, qwen: { thoughts: "discourage" } },
  });
}

/** Whether the format can turn thinking off (else "off" is a thought budget of 0). */
export function canTurnThinkingOff(wrapper: ChatWrapper): boolean {
  return wrapper instanceof JinjaTemplateChatWrapper || wrapper instanceof QwenChatWrapper;
}
