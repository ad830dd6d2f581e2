"use client";

import { useSyncExternalStore } from "react";

/**
 * What the user is typing in the composer, kept outside React state: a keystroke re-renders only
 * the composer that shows it (useDraftText), not the page that owns it and its hundreds of
 * messages (docs/ui-benchmarks.md, typing while a reply streams). The page reads it when it
 * sends, and writes it when a message is sent or refused back into the box.
 */
export interface Draft {
  get: () => string;
  set: (text: string) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createDraft(initial = ""): Draft {
  let text = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => text,
    set: (next) => {
      if (next === text) return;
      text = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The draft's text; the calling component re-renders when it changes. */
export function useDraftText(draft: Draft): string {
  return useSyncExternalStore(draft.subscribe, draft.get, draft.get);
}
