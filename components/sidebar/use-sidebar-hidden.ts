"use client";

import { useCallback, useSyncExternalStore } from "react";
import { SIDEBAR_STORAGE_KEY } from "./sidebar-preference";

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-sidebar"],
  });
  return () => observer.disconnect();
}

/** Whether the sidebar is hidden on wide screens, and a way to change it. */
export function useSidebarHidden(): [boolean, (hidden: boolean) => void] {
  const hidden = useSyncExternalStore(
    subscribe,
    () => document.documentElement.dataset.sidebar === "closed",
    () => false,
  );
  const setHidden = useCallback((next: boolean) => {
    try {
      if (next) localStorage.setItem(SIDEBAR_STORAGE_KEY, "closed");
      else localStorage.removeItem(SIDEBAR_STORAGE_KEY);
    } catch {
      // Storage disabled: for this page only.
    }
    if (next) document.documentElement.dataset.sidebar = "closed";
    else delete document.documentElement.dataset.sidebar;
  }, []);
  return [hidden, setHidden];
}
