import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type {
  AnthropicContentBlock,
  AnthropicContentDelta,
  ContentBlockEvent,
} from "./anthropic-types";
import { thinkingSignature } from "./thinking-signature";

export interface ContentEventMapper {
  /** The events a stream part adds; most parts (metadata, finish, …) add none. */
  map(part: LanguageModelV4StreamPart): ContentBlockEvent[];
  /** Stops the block still open, at the end of the reply. */
  close(): ContentBlockEvent[];
}

type OpenBlock =
  | { kind: "text"; index: number }
  | { kind: "thinking"; index: number; text: string }
  | { kind: "tool_use"; index: number; id: string };

/**
 * Maps a model's stream parts to Anthropic's content block events, the way Anthropic streams
 * them: one block at a time, numbered from 0 — text as `text_delta`s, thinking as
 * `thinking_delta`s ended by a `signature_delta`, each tool call as a `tool_use` block (id, name,
 * `input: {}`) whose arguments follow as `input_json_delta`s. A block opens at its first
 * non-empty piece (a provider's empty text block makes none) and stops when its part ends or
 * another kind begins. A call sent whole (`tool-call` without `tool-input-*`) is one block with
 * one delta. One mapper serves one reply.
 */
export function createContentEventMapper(): ContentEventMapper {
  let open: OpenBlock | undefined;
  let nextIndex = 0;
  /** Calls whose input was streamed: their final `tool-call` part repeats it. */
  const streamed = new Set<string>();

  const close = (): ContentBlockEvent[] => {
    if (!open) return [];
    const { index } = open;
    const events: ContentBlockEvent[] = [];
    if (open.kind === "thinking") {
      events.push(
        delta(index, { type: "signature_delta", signature: thinkingSignature(open.text) }),
      );
    }
    events.push({ type: "content_block_stop", index });
    open = undefined;
    return events;
  };

  const start = (block: AnthropicContentBlock, opened: OpenBlock): ContentBlockEvent[] => {
    const events = close();
    open = opened;
    nextIndex++;
    events.push({ type: "content_block_start", index: opened.index, content_block: block });
    return events;
  };

  const text = (piece: string): ContentBlockEvent[] => {
    if (piece === "") return [];
    const events =
      open?.kind === "text"
        ? []
        : start({ type: "text", text: "" }, { kind: "text", index: nextIndex });
    return [...events, delta(nextIndex - 1, { type: "text_delta", text: piece })];
  };

  const thinking = (piece: string): ContentBlockEvent[] => {
    if (piece === "") return [];
    const events =
      open?.kind === "thinking"
        ? []
        : start(
            { type: "thinking", thinking: "", signature: "" },
            { kind: "thinking", index: nextIndex, text: "" },
          );
    if (open?.kind === "thinking") open.text += piece;
    return [...events, delta(nextIndex - 1, { type: "thinking_delta", thinking: piece })];
  };

  const toolUse = (id: string, name: string): ContentBlockEvent[] =>
    start({ type: "tool_use", id, name, input: {} }, { kind: "tool_use", index: nextIndex, id });

  const isOpenCall = (id: string) => open?.kind === "tool_use" && open.id === id;

  return {
    map(part) {
      switch (part.type) {
        case "text-delta":
          return text(part.delta);
        case "reasoning-delta":
          return thinking(part.delta);
        case "text-end":
          return open?.kind === "text" ? close() : [];
        case "reasoning-end":
          return open?.kind === "thinking" ? close() : [];
        case "tool-input-start":
          streamed.add(part.id);
          return toolUse(part.id, part.toolName);
        case "tool-input-delta":
          // Providers stream one call at a time: a piece of another call has no open block.
          if (!isOpenCall(part.id) || part.delta === "") return [];
          return [delta(nextIndex - 1, { type: "input_json_delta", partial_json: part.delta })];
        case "tool-input-end":
          return isOpenCall(part.id) ? close() : [];
        case "tool-call":
          if (streamed.has(part.toolCallId)) return isOpenCall(part.toolCallId) ? close() : [];
          return [
            ...toolUse(part.toolCallId, part.toolName),
            delta(nextIndex - 1, { type: "input_json_delta", partial_json: part.input }),
            ...close(),
          ];
        default:
          return [];
      }
    },
    close,
  };
}

function delta(index: number, value: AnthropicContentDelta): ContentBlockEvent {
  return { type: "content_block_delta", index, delta: value };
}
