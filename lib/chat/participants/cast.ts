import { z } from "zod";

/**
 * A conversation's cast: the user and 1–8 AI participants, each with a unique name, a model (any
 * form CHAT_MODEL takes that the server allows; `null`: the server's default) and its own system
 * prompt (its persona; `null`: the server's default). The default cast is one participant named
 * `assistant` with today's model and prompt, so a plain chat is what it always was.
 */
export const MAX_PARTICIPANTS = 8;
export const DEFAULT_PARTICIPANT = "assistant";
/** The user's name in the conversation, as the seed shows roles. */
export const USER_NAME = "user";

/** Who speaks when the user has not named anyone with `@Name`. */
export const turnOrders = ["round-robin", "all", "manual"] as const;
export type TurnOrder = (typeof turnOrders)[number];

const nameSchema = z
  .string()
  .trim()
  .min(1, "A participant needs a name.")
  .max(40, "A participant's name is at most 40 characters.")
  .regex(
    /^[\p{L}\p{N}_-]+$/u,
    "A participant's name is one word: letters, digits, _ and - (it is how @mentions find them).",
  )
  .refine((name) => name.toLowerCase() !== USER_NAME, "“user” is the user's name.");

export const participantSchema = z.object({
  name: nameSchema,
  model: z.string().trim().min(1).nullable().default(null),
  systemPrompt: z.string().max(20_000).nullable().default(null),
});

export type Participant = z.infer<typeof participantSchema>;

export const castSchema = z
  .object({
    participants: z
      .array(participantSchema)
      .min(1, "A conversation needs at least one participant.")
      .max(MAX_PARTICIPANTS, `A conversation has at most ${MAX_PARTICIPANTS} participants.`),
    order: z.enum(turnOrders).default("round-robin"),
  })
  .superRefine((cast, ctx) => {
    const seen = new Set<string>();
    for (const { name } of cast.participants) {
      const key = name.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({ code: "custom", message: `Two participants are named ${name}.` });
      }
      seen.add(key);
    }
  });

export type Cast = z.infer<typeof castSchema>;

export const defaultCast: Cast = {
  participants: [{ name: DEFAULT_PARTICIPANT, model: null, systemPrompt: null }],
  order: "round-robin",
};

/** A cast as the user sent it, checked: the cast, or the first problem as a sentence. */
export function readCast(
  input: unknown,
): { ok: true; cast: Cast } | { ok: false; message: string } {
  const parsed = castSchema.safeParse(input);
  if (parsed.success) return { ok: true, cast: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues[0]?.message ?? "The participants are not valid.",
  };
}
