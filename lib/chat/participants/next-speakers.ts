import { type Cast, USER_NAME } from "./cast";

/**
 * Who answers a user's message, in order: the participants it mentions (`@Name`, any case, in the
 * order first mentioned); otherwise the conversation's order — `round-robin`, the participant after
 * the last one who spoke (the first when none has); `all`, each in cast order; `manual`, nobody
 * until the user picks. An `@Name` that is no participant is plain text.
 */
export function speakersFor(text: string, cast: Cast, lastSpeaker: string | undefined): string[] {
  const mentioned = mentionsIn(text, cast);
  if (mentioned.length > 0) return mentioned;
  switch (cast.order) {
    case "all":
      return cast.participants.map((participant) => participant.name);
    case "manual":
      return [];
    case "round-robin":
      return [nextAfter(cast, lastSpeaker)];
  }
}

/** The participant who speaks after `lastSpeaker` (Continue, Let them talk). */
export function nextAfter(cast: Cast, lastSpeaker: string | undefined): string {
  const names = cast.participants.map((participant) => participant.name);
  const at =
    lastSpeaker === undefined || lastSpeaker === USER_NAME ? -1 : names.indexOf(lastSpeaker);
  return names[(at + 1) % names.length] as string;
}

/** The participants a text mentions with `@Name`, each once, in the order first mentioned. */
export function mentionsIn(text: string, cast: Cast): string[] {
  const byKey = new Map(cast.participants.map((p) => [p.name.toLowerCase(), p.name]));
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_])@([\p{L}\p{N}_-]+)/gu)) {
    const name = byKey.get((match[1] ?? "").toLowerCase());
    if (name && !found.includes(name)) found.push(name);
  }
  return found;
}
