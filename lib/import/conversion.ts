import type { z } from "zod";
import type { ConversationImport } from "@/lib/store/conversation-import";

/**
 * One element of an export, converted: the conversation and what it lost, or why it cannot be
 * imported (a sentence for the person importing it).
 */
export type Conversion =
  | { ok: true; conversation: ConversationImport; skipped: string[] }
  | { ok: false; reason: string };

/** An element that is not what its format says, told by the first thing wrong with it. */
export function notOfFormat(formatName: string, error: z.ZodError): Conversion {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return {
    ok: false,
    reason: `It is not ${formatName} conversation (${where}${issue?.message ?? "unreadable"}).`,
  };
}

export function noMessages(): Conversion {
  return { ok: false, reason: "It has no messages to import." };
}
