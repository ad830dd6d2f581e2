import { z } from "zod";

/**
 * A passage of a conversation's file that a reply was given (retrieval, lib/retrieval), numbered
 * as the model was told to cite it: `[n]` in the reply's text names `sources[n - 1]`.
 */
export const replySourceSchema = z.object({
  n: z.number().int().positive(),
  fileId: z.string().min(1),
  fileName: z.string().min(1),
  /** 1-based page of a paged document; null for a text without pages. */
  page: z.number().int().positive().nullable(),
  /** The passage as the model read it (an exact slice of its page's text). */
  text: z.string(),
});

export type ReplySource = z.infer<typeof replySourceSchema>;

/** The first line of a passage worth showing, cut to `max` characters. */
export function sourceLine(text: string, max = 120): string {
  const line = text
    .split("\n")
    .map((candidate) => candidate.replace(/^#+\s*/, "").trim())
    .find((candidate) => candidate.length > 0);
  if (!line) return "";
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
