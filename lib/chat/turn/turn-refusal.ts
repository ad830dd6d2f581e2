/**
 * Why a turn was refused. Nothing was stored for it (the user's text goes back in the box); the
 * page API says each in its own words and status (lib/page-api/refusals.ts) — the domain names
 * the reason, never an HTTP status.
 */
export type TurnRefusal =
  | { reason: "conversation-not-found" }
  /** The page showed a path the store no longer has (another tab, a deleted version). */
  | { reason: "conversation-changed" }
  | { reason: "message-sent-already" }
  | { reason: "invalid-message-id"; detail: string }
  | { reason: "empty-message" }
  | { reason: "message-too-long"; maxChars: number }
  | { reason: "too-many-messages"; messages: number; max: number }
  /** Every version of every message counts: the tree may not grow without bound. */
  | { reason: "conversation-full"; max: number }
  | { reason: "not-a-participant"; name: string }
  /** The reply the user answered is already being written (another answer, another tab). */
  | { reason: "reply-going-on" }
  | { reason: "nothing-to-answer" }
  | { reason: "unanswered-calls" }
  /** A file the message names is not one of this conversation's (removed, or never uploaded). */
  | { reason: "file-not-found" }
  | { reason: "too-many-files"; max: number }
  /** The person's role may not use the model the reply would be written by (lib/accounts). */
  | { reason: "model-not-allowed"; model: string }
  /** A new conversation's first message names a model the server does not offer. */
  | { reason: "model-not-offered" };

export type TurnRefusalReason = TurnRefusal["reason"];
