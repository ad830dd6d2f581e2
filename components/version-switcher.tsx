"use client";

import type { MessageVersions } from "@/lib/chat/conversation";

interface VersionSwitcherProps {
  versions: MessageVersions;
  /** Switching waits while a reply is being written. */
  disabled: boolean;
  onShow: (messageId: string) => void;
}

/** "‹ 2 / 3 ›" under a message with other versions (edits, regenerated replies). */
export function VersionSwitcher({ versions, disabled, onShow }: VersionSwitcherProps) {
  const { ids, index } = versions;
  const previous = ids[index - 1];
  const next = ids[index + 1];
  return (
    <span className="versions">
      <button
        type="button"
        className="quiet"
        aria-label="Previous version"
        disabled={disabled || previous === undefined}
        onClick={() => previous && onShow(previous)}
      >
        ‹
      </button>
      <span className="version-place">
        {index + 1} / {ids.length}
      </span>
      <button
        type="button"
        className="quiet"
        aria-label="Next version"
        disabled={disabled || next === undefined}
        onClick={() => next && onShow(next)}
      >
        ›
      </button>
    </span>
  );
}
