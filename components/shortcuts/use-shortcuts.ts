"use client";

import { useEffect, useRef } from "react";
import { type ShortcutAction, shortcutFor } from "./shortcut-list";

/** Whether the focus is somewhere that takes typed text (where `?` and `/` are text). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement &&
      !["checkbox", "radio", "button", "submit", "reset", "file"].includes(target.type))
  );
}

/**
 * Runs the page's keyboard shortcuts (shortcut-list.ts) with the given handlers, on the whole
 * window. A key a handler takes does nothing else (no browser default, no other listener).
 */
export function useShortcuts(handlers: Record<ShortcutAction, () => void>) {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = shortcutFor(event, typingIn(event.target));
      if (!shortcut) return;
      event.preventDefault();
      current.current[shortcut.action]();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
