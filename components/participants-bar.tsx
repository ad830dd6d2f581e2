"use client";

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
    <div className="participants-bar">
      <button type="button" className="quiet" disabled={busy} onClick={() => onContinue()}>
        Continue
      </button>
      {participants.map((name) => (
        <button
          key={name}
          type="button"
          className="quiet"
          disabled={busy}
          onClick={() => onContinue(name)}
        >
          Continue as {name}
        </button>
      ))}
      <button type="button" className="quiet" disabled={busy} onClick={onLetThemTalk}>
        Let them talk
      </button>
    </div>
  );
}
