import type { TextStreamPart, ToolSet } from "ai";
import type { MessagePart } from "./message-parts";

/**
 * A reply's parts as its stream goes by: text, and thinking with how long it took (from its
 * first piece to its end). Consecutive pieces of one kind grow one part; a new kind starts the
 * next, so the order the model wrote them in is kept.
 */
export function createReplyParts(now: () => number = () => performance.now()) {
  const parts: MessagePart[] = [];
  let thinkingSince: number | undefined;

  const last = () => parts.at(-1);
  return {
    add(chunk: TextStreamPart<ToolSet>): void {
      switch (chunk.type) {
        case "reasoning-delta": {
          const part = last();
          if (part?.type === "reasoning" && thinkingSince !== undefined) part.text += chunk.text;
          else {
            thinkingSince = now();
            parts.push({ type: "reasoning", text: chunk.text });
          }
          break;
        }
        case "reasoning-end": {
          const part = last();
          if (part?.type === "reasoning" && thinkingSince !== undefined) {
            part.durationMs = Math.round(now() - thinkingSince);
          }
          thinkingSince = undefined;
          break;
        }
        case "text-delta": {
          const part = last();
          if (part?.type === "text") part.text += chunk.text;
          else parts.push({ type: "text", text: chunk.text });
          break;
        }
      }
    },
    /** A copy of the parts so far (the saver keeps it while the reply goes on). */
    parts(): MessagePart[] {
      return parts.map((part) => ({ ...part }));
    },
  };
}
