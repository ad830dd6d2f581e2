import type { MessagePart } from "@/lib/chat/message";
import { type ConversationTree, currentPathOf } from "@/lib/store";

const speaker = { user: "User", assistant: "Assistant" } as const;

/**
 * A readable Markdown transcript of the path the conversation shows: a heading per message, the text as it was written, thinking
 * as a quoted "Thinking" paragraph and each tool call as its name, input and outcome.
 */
export function exportConversationMarkdown(conversation: ConversationTree): string {
  const lines = [`# ${conversation.title || "Untitled conversation"}`, ""];
  lines.push(`- Created: ${conversation.createdAt.toISOString()}`);
  if (conversation.model !== null) lines.push(`- Model: ${conversation.model}`);
  if (conversation.systemPrompt !== null) {
    lines.push(
      "- System prompt:",
      "",
      ...conversation.systemPrompt.split("\n").map((l) => `  > ${l}`),
    );
  }
  for (const message of currentPathOf(conversation)) {
    const note = message.status === "complete" ? "" : ` *(${message.status})*`;
    lines.push("", `## ${message.speaker ?? speaker[message.role]}${note}`);
    for (const part of message.parts) lines.push("", ...markdownOf(part));
  }
  return `${lines.join("\n")}\n`;
}

function markdownOf(part: MessagePart): string[] {
  switch (part.type) {
    case "text":
      return [part.text];
    case "file":
      return [`📎 ${part.name} (${part.mediaType}, ${part.size} bytes)`];
    case "reasoning": {
      const took =
        part.durationMs === undefined ? "" : ` (${Math.round(part.durationMs / 1000)} s)`;
      return [`> **Thinking**${took}`, ...part.text.split("\n").map((line) => `> ${line}`)];
    }
    case "tool": {
      const outcome =
        part.state === "output-available"
          ? ["Output:", "", fenced(part.output)]
          : part.state === "output-error"
            ? [`Failed: ${part.errorText ?? "error"}`]
            : [`(${part.state})`];
      const server = part.server ? ` (${part.server})` : "";
      return [
        `**Tool call: ${part.toolName}**${server}`,
        "",
        "Input:",
        "",
        fenced(part.input),
        "",
        ...outcome,
      ];
    }
    case "sources":
      return [
        "**Sources**",
        "",
        ...part.sources.map(
          (source) =>
            `${source.n}. ${source.fileName}${source.page ? `, page ${source.page}` : ""}: ${source.text.replace(/\s+/g, " ").slice(0, 200)}`,
        ),
      ];
    case "unseen-files":
      return [`_Not shown to the model: ${part.names.join(", ")}._`];
  }
}

function fenced(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return ["```json", text ?? "", "```"].join("\n");
}
