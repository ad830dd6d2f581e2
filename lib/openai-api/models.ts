import type { ChatModel } from "@/lib/models/chat-model";
import type { OpenAIModel } from "./openai-types";

/** The one model this server serves; its id is the model's display name (see docs/openai-api.md). */
export function describeModel(chatModel: ChatModel, created: number): OpenAIModel {
  return {
    id: chatModel.name,
    object: "model",
    created,
    owned_by: chatModel.spec.provider,
  };
}
