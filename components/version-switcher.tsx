"use client";

import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import type { MessageVersions } from "@/lib/chat/conversation";
import { ActionButton } from "./action-button";

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
    <div className="versions inline-flex items-center text-muted-foreground text-xs">
      <ActionButton
        label="Previous version"
        disabled={disabled || previous === undefined}
        onClick={() => previous && onShow(previous)}
      >
        <ChevronLeftIcon aria-hidden />
      </ActionButton>
      <span className="version-place min-w-8 text-center tabular-nums">
        {index + 1} / {ids.length}
      </span>
      <ActionButton
        label="Next version"
        disabled={disabled || next === undefined}
        onClick={() => next && onShow(next)}
      >
        <ChevronRightIcon aria-hidden />
      </ActionButton>
    </div>
  );
}
