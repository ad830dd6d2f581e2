import { z } from "zod";

/**
 * The body the page's `useChat` transport sends. Only the shape is checked here; what the
 * messages say (roles, sizes, order) is checked by lib/chat/validate-history.ts, as for the
 * server action.
 */
export const chatRequestSchema = z.object({
  id: z.string().min(1).max(128),
  messages: z.array(
    z.object({
      id: z.string().max(128),
      role: z.string(),
      parts: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
      metadata: z.unknown().optional(),
    }),
  ),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
