import type { MessagePart } from "@/lib/chat/message";

/**
 * Appends a part to a message's parts, joining it to the last one when both are text (or both
 * thinking). A message's `content` is its text parts joined with nothing between them, so two
 * blocks that were apart in the source (around a skipped image or tool call, or two nodes merged
 * into one reply) get a blank line rather than running into each other. Empty text is dropped.
 */
export function appendPart(parts: MessagePart[], part: MessagePart): void {
  if ((part.type === "text" || part.type === "reasoning") && part.text.trim() === "") return;
  const last = parts.at(-1);
  if (last && part.type === "text" && last.type === "text") {
    parts[parts.length - 1] = { type: "text", text: `${last.text}\n\n${part.text}` };
  } else if (
    last &&
    part.type === "reasoning" &&
    last.type === "reasoning" &&
    last.durationMs === undefined
  ) {
    parts[parts.length - 1] = {
      ...part,
      text: `${last.text}\n\n${part.text}`,
    };
  } else {
    parts.push(part);
  }
}

export function appendText(parts: MessagePart[], text: string): void {
  appendPart(parts, { type: "text", text });
}

export function appendReasoning(parts: MessagePart[], text: string, durationMs?: number): void {
  appendPart(parts, {
    type: "reasoning",
    text,
    ...(durationMs !== undefined ? { durationMs } : {}),
  });
}

/** A fenced Markdown code block that the code itself cannot close early. */
export function codeBlock(code: string, language = ""): string {
  const fence = "`".repeat(Math.max(2, longestBacktickRun(code)) + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}

/**
 * Counted in one pass: spreading every run into `Math.max` overflowed the stack for code of many
 * runs (half a million in 1 MB).
 */
function longestBacktickRun(code: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < code.length; i++) {
    run = code.charCodeAt(i) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
