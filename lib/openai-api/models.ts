import type { ChatModel } from "@/lib/models/chat-model";
import type { OpenAIModel } from "./openai-types";

/**
 * A model this server serves (the chat model, the embedding model); its id is the model's display
 * name (see docs/openai-api.md).
 */
export function describeModel(
  { name, spec }: Pick<ChatModel, "name" | "spec">,
  created: number,
): OpenAIModel {
  return { id: name, object: "model", created, owned_by: spec.provider };
}
