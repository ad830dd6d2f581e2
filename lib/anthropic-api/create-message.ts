import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
} from "@ai-sdk/provider";
import type { AnthropicContentBlock, AnthropicMessage } from "./anthropic-types";
import { mapStopReason } from "./map-stop-reason";
import { mapUsage } from "./map-usage";
import { thinkingSignature } from "./thinking-signature";

export interface MessageIdentity {
  /** `msg_…`. */
  id: string;
  /** The model name the client asked for. */
  model: string;
}

/** A whole reply at once (`stream` absent or false). */
export async function createMessage(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
  identity: MessageIdentity,
): Promise<AnthropicMessage> {
  const result = await model.doGenerate(options);
  return {
    id: identity.id,
    type: "message",
    role: "assistant",
    model: identity.model,
    content: result.content.flatMap(toContentBlock),
    ...mapStopReason(result.finishReason, result.providerMetadata),
    usage: mapUsage(result.usage),
  };
}

/** The reply's parts in order: thinking, text and calls; empty text and other parts are left out. */
function toContentBlock(part: LanguageModelV4Content): AnthropicContentBlock[] {
  switch (part.type) {
    case "reasoning":
      return part.text === ""
        ? []
        : [{ type: "thinking", thinking: part.text, signature: thinkingSignature(part.text) }];
    case "text":
      return part.text === "" ? [] : [{ type: "text", text: part.text }];
    case "tool-call":
      return [
        {
          type: "tool_use",
          id: part.toolCallId,
          name: part.toolName,
          input: toolInput(part.input),
        },
      ];
    default:
      return [];
  }
}

/**
 * A call's arguments as the object Anthropic's `input` is. Arguments that are not a JSON object
 * (a call cut short by `max_tokens`) become `{}`: the stream sent them as written.
 */
export function toolInput(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
