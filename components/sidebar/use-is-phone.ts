"use client";

import { useSyncExternalStore } from "react";

/** Below Tailwind's `md` breakpoint (768 px): the sidebar is a drawer there. */
const PHONE = "(max-width: 767.98px)";

function subscribe(onChange: () => void) {
  const query = matchMedia(PHONE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * Whether the page is phone-sized. The server does not know, so it renders the wide layout, whose
 * CSS hides the sidebar on a phone until this takes over after hydration.
 */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => matchMedia(PHONE).matches,
    () => false,
  );
}
