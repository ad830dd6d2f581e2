import type { z } from "zod";
import type { HistoryLimits } from "@/lib/chat/limits";
import { type Message, messageSchema } from "@/lib/chat/message";

export type HistoryValidation = { ok: true; history: Message[] } | { ok: false; message: string };

/**
 * The server action is a public endpoint: whatever arrives is checked here before it reaches a
 * model. Each rejection names the offending input so the UI can show it as is.
 */
export function validateHistory(
  input: unknown,
  limits: HistoryLimits,
  /** A participant may also answer another participant (Continue): then the last need not be the user's. */
  { lastFromUser = true }: { lastFromUser?: boolean } = {},
): HistoryValidation {
  if (!Array.isArray(input)) return fail("The conversation must be a list of messages.");
  if (input.length === 0) return fail("The conversation is empty: send a message first.");
  if (input.length > limits.maxMessages) {
    return fail(
      `The conversation has ${input.length} messages; at most ${limits.maxMessages} are accepted. Start a new conversation.`,
    );
  }

  const history: Message[] = [];
  for (const [index, item] of input.entries()) {
    const parsed = messageSchema.safeParse(item);
    if (!parsed.success) {
      return fail(`Message ${index + 1} is invalid: ${describe(parsed.error, item)}`);
    }
    history.push(parsed.data);
  }
  const last = history[history.length - 1];
  if (!lastFromUser) return { ok: true, history };
  if (last?.role !== "user") {
    return fail(`The last message must be from the user, not the ${last?.role}.`);
  }
  if (last.content.trim() === "") return fail("The message is empty: type something to send.");
  return { ok: true, history };
}

function fail(message: string): HistoryValidation {
  return { ok: false, message };
}

function describe(error: z.ZodError, item: unknown): string {
  const issue = error.issues[0];
  if (!issue) return "unreadable";
  const field = issue.path.join(".");
  if (field === "role" && typeof item === "object" && item !== null && "role" in item) {
    return `role ${JSON.stringify(item.role)} is not allowed; only "user" and "assistant" are.`;
  }
  if (field === "content") return "content must be text.";
  if (field === "") return "each message must be an object with a role and content.";
  return `${field}: ${issue.message}`;
}
