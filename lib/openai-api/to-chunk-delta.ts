import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type { ChatCompletionChunk } from "./openai-types";

export type ChunkDelta = ChatCompletionChunk["choices"][number]["delta"];

/**
 * Maps a model's stream parts to OpenAI chunk deltas, the way OpenAI streams them: text as
 * `content`, thinking as `reasoning_content`, and each tool call as a first delta with its
 * `index`, `id`, `type` and name, then deltas appending to `arguments`. A provider that sends a
 * call whole (`tool-call` without `tool-input-*`) gets it in one delta. Parts the client does
 * not see (metadata, starts and ends, finish) map to nothing; one mapper serves one reply.
 */
export function createChunkDeltaMapper() {
  const indexOf = new Map<string, number>();
  /** Calls whose input was streamed: their final `tool-call` part repeats it. */
  const streamed = new Set<string>();

  const start = (id: string, name: string, args: string): ChunkDelta => {
    const index = indexOf.size;
    indexOf.set(id, index);
    return { tool_calls: [{ index, id, type: "function", function: { name, arguments: args } }] };
  };

  return (part: LanguageModelV4StreamPart): ChunkDelta | undefined => {
    switch (part.type) {
      case "text-delta":
        return part.delta === "" ? undefined : { content: part.delta };
      case "reasoning-delta":
        return part.delta === "" ? undefined : { reasoning_content: part.delta };
      case "tool-input-start":
        streamed.add(part.id);
        return start(part.id, part.toolName, "");
      case "tool-input-delta": {
        const index = indexOf.get(part.id);
        if (index === undefined || part.delta === "") return undefined;
        return { tool_calls: [{ index, function: { arguments: part.delta } }] };
      }
      case "tool-call":
        if (streamed.has(part.toolCallId)) return undefined;
        return start(part.toolCallId, part.toolName, part.input);
      default:
        return undefined;
    }
  };
}
