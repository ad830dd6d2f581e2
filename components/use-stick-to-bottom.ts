"use client";

import { useCallback, useLayoutEffect, useRef } from "react";

const NEAR_BOTTOM_PX = 80;

/**
 * Keeps a scrolling element at its bottom as content grows, unless the user has scrolled up to
 * read; scrolling back down re-attaches. Pass something that changes when content grows.
 */
export function useStickToBottom<T extends HTMLElement>(contentVersion: unknown) {
  const ref = useRef<T>(null);
  const stuck = useRef(true);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    stuck.current =
      element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs whenever the content changes.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && stuck.current) element.scrollTop = element.scrollHeight;
  }, [contentVersion]);

  return { ref, onScroll };
}
