import type { FilePart, TextPart } from "ai";
import { USER_NAME } from "./cast";

/** A message of the path as far as a seat is concerned: who said it, its text, its files. */
export interface SpokenMessage {
  /** A participant's name, or `user`. */
  speaker: string;
  text: string;
  /**
   * Files the seat's model takes as they are (an image to a model that sees, a PDF to one that
   * reads them), after the text; the others are in `text` already, as a plain chat gives them.
   */
  files?: readonly FilePart[];
}

/** A turn of the others in a seat's view: text, or text and files when any came with it. */
export type SeatUserContent = string | Array<TextPart | FilePart>;

/** What one participant's model is given: its system prompt and the conversation from its seat. */
export interface SeatView {
  system: string;
  messages: Array<
    { role: "user"; content: SeatUserContent } | { role: "assistant"; content: string }
  >;
}

/**
 * The conversation from `seat`'s point of view. Its own earlier messages are its `assistant`
 * turns; everyone else's — the user's included — are `user` content prefixed with the speaker's
 * name (`Ada: …`), consecutive ones merged into one turn, because many chat formats require turns
 * to alternate. Its system prompt is its persona and one line naming the others.
 *
 * Append-only: a message added to the path either starts a new turn or extends the last one at
 * its end, so the rendering of a path is a prefix of the next path's, and the participant's next
 * turn reuses what the model already read (the local model's prefix reuse).
 *
 * With one participant there is nobody to tell apart: the view is the plain chat — no prefixes,
 * no extra line — exactly as before conversations had casts.
 */
export function seatView(
  path: readonly SpokenMessage[],
  seat: string,
  { persona, participants }: { persona: string; participants: readonly string[] },
): SeatView {
  const alone = participants.length <= 1;
  const messages: SeatView["messages"] = [];
  for (const { speaker, text, files = [] } of path) {
    if (speaker === seat) {
      messages.push({ role: "assistant", content: text });
      continue;
    }
    const said = alone ? text : `${speaker}: ${text}`;
    const last = messages.at(-1);
    if (last?.role === "user") last.content = appended(last.content, `\n\n${said}`, files);
    else
      messages.push({
        role: "user",
        content: files.length > 0 ? [{ type: "text", text: said }, ...files] : said,
      });
  }
  if (alone) return { system: persona, messages };
  const others = [USER_NAME, ...participants.filter((name) => name !== seat)];
  const cast = `You are ${seat}, in a conversation with ${listOf(others)}. Their messages reach you as "Name: text". Answer as ${seat} only: write only your own message, without a name in front.`;
  return { system: persona ? `${persona}\n\n${cast}` : cast, messages };
}

/** A turn of the others with one more message at its end (append-only, as above). */
function appended(
  content: SeatUserContent,
  text: string,
  files: readonly FilePart[],
): SeatUserContent {
  if (typeof content === "string" && files.length === 0) return content + text;
  const parts = typeof content === "string" ? [{ type: "text" as const, text: content }] : content;
  const last = parts.at(-1);
  const withText =
    last?.type === "text"
      ? [...parts.slice(0, -1), { ...last, text: last.text + text }]
      : [...parts, { type: "text" as const, text }];
  return [...withText, ...files];
}

function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
