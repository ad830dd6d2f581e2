"use client";

import { memo } from "react";
import { type Draft, useDraftText } from "@/hooks/draft";
import { Composer, type ComposerProps } from "./composer";

/**
 * The composer over a draft kept outside the page's state (hooks/draft.ts): a keystroke
 * re-renders this and the composer, not the conversation above it. Memoized: a token of a reply
 * re-renders the page, not the composer (its props are kept the same by components/chat.tsx).
 */
export const DraftComposer = memo(function DraftComposer({
  draft,
  ...props
}: Omit<ComposerProps, "value" | "onChange"> & { draft: Draft }) {
  const value = useDraftText(draft);
  return <Composer {...props} value={value} onChange={draft.set} />;
});
