import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import { mapResponseUsage } from "./map-response-usage";
import { createResponseEventMapper, type ItemIdPrefix } from "./response-event-mapper";
import { type ResponseIdentity, responseObject, statusOf } from "./response-object";
import type { ResponseObject } from "./responses-types";

/**
 * A whole response at once (`stream` false): the model's content goes through the same mapping
 * as a stream's parts, so both ways give the same output items.
 */
export async function createResponse(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
  identity: ResponseIdentity,
  newItemId: (prefix: ItemIdPrefix) => string,
  nowSeconds: () => number,
): Promise<ResponseObject> {
  const result = await model.doGenerate(options);
  const mapper = createResponseEventMapper(newItemId);
  for (const part of result.content) {
    const streamed = asStreamPart(part);
    if (streamed) mapper.map(streamed);
  }
  const status = statusOf(result.finishReason);
  mapper.finish(status);
  return responseObject(
    identity,
    mapper.output(),
    { status, finishReason: result.finishReason, usage: mapResponseUsage(result.usage) },
    nowSeconds(),
  );
}

type ContentPart = Awaited<ReturnType<LanguageModelV4["doGenerate"]>>["content"][number];

function asStreamPart(part: ContentPart): LanguageModelV4StreamPart | undefined {
  switch (part.type) {
    case "text":
      return { type: "text-delta", id: "text", delta: part.text };
    case "reasoning":
      return { type: "reasoning-delta", id: "reasoning", delta: part.text };
    case "tool-call":
      return part;
    default:
      return undefined;
  }
}
