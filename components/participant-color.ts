/**
 * A participant's colour for their name and mark: the tokens `--participant-1…6` (app/globals.css)
 * in the order of the conversation's participants in Settings, so that the same person keeps the
 * same colour and two of the first six never share one. A name no longer in the cast (renamed or
 * removed since it spoke) gets one from its letters.
 */
const COLOURS = [
  "text-participant-1",
  "text-participant-2",
  "text-participant-3",
  "text-participant-4",
  "text-participant-5",
  "text-participant-6",
] as const;

export function participantColor(name: string, participants: readonly string[] = []): string {
  const place = participants.indexOf(name);
  const index = place >= 0 ? place : [...name].reduce((sum, c) => sum + (c.codePointAt(0) ?? 0), 0);
  return COLOURS[index % COLOURS.length] as string;
}
