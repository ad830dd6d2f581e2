"use client";

import { useCallback, useLayoutEffect, useRef } from "react";

const NEAR_BOTTOM_PX = 80;

/**
 * Keeps a scrolling element at its bottom as content grows, unless the user has scrolled up to
 * read; scrolling back down re-attaches. Pass something that changes when content grows.
 *
 * The element is a `flex-direction: column-reverse` scroller (`.scroller` in app/globals.css,
 * with one child holding the content in its usual order): its scroll origin is the bottom, so
 * `scrollTop` is 0 there and negative above. The page therefore opens at the newest message
 * without any script (before hydration too, and only what is in view is laid out and painted:
 * `content-visibility: auto` skips the rest); content added below stays in view by itself while
 * at the bottom; while scrolled up, the browser's scroll anchoring keeps what is read in place;
 * and content added above ("Show earlier messages") moves nothing. So this hook only writes
 * `scrollTop` when the user has left the bottom by less than NEAR_BOTTOM_PX, and reads no layout
 * while a reply streams at the bottom.
 */
export function useStickToBottom<T extends HTMLElement>(contentVersion: unknown) {
  const ref = useRef<T>(null);
  const stuck = useRef(true);
  /** Pixels above the bottom, as of the last scroll event. */
  const fromBottom = useRef(0);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    fromBottom.current = Math.max(0, -element.scrollTop);
    stuck.current = fromBottom.current < NEAR_BOTTOM_PX;
  }, []);

  // Where the user is at hydration: they may have scrolled before the page's script ran.
  useLayoutEffect(onScroll, [onScroll]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs whenever the content changes.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && stuck.current && fromBottom.current !== 0) {
      element.scrollTop = 0;
      fromBottom.current = 0;
    }
  }, [contentVersion]);

  return { ref, onScroll };
}
