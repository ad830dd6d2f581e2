"use client";

import { Button } from "./ui/button";

interface ParticipantsBarProps {
  participants: string[];
  /** A reply is being written: wait (Stop is in the composer). */
  busy: boolean;
  /** Without a name: whoever's turn it is. */
  onContinue: (speaker?: string) => void;
  onLetThemTalk: () => void;
}

/**
 * In a conversation with several participants: let the next one speak without a message of the
 * user's (**Continue**), pick who (**Continue as Name**), or let them talk among themselves for a
 * few turns (**Let them talk**; Stop ends it).
 */
export function ParticipantsBar({
  participants,
  busy,
  onContinue,
  onLetThemTalk,
}: ParticipantsBarProps) {
  return (
    <div className="participants-bar mx-auto flex w-full max-w-(--container-chat) flex-wrap gap-1.5 px-3 pb-2 sm:px-4">
      <Button variant="outline" size="sm" disabled={busy} onClick={() => onContinue()}>
        Continue
      </Button>
      {participants.map((name) => (
        <Button
          key={name}
          variant="outline"
          size="sm"
          disabled={busy}
          onClick={() => onContinue(name)}
        >
          Continue as {name}
        </Button>
      ))}
      <Button variant="outline" size="sm" disabled={busy} onClick={onLetThemTalk}>
        Let them talk
      </Button>
    </div>
  );
}
