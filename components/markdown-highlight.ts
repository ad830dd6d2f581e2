import type { StreamdownProps } from "streamdown";
import { lazily } from "./lazily";

/**
 * Syntax highlighting of fenced code (highlight.js's 37 common languages through
 * rehype-highlight, ~180 KB of script), loaded the first time a message has a code fence rather
 * than with the page.
 */

type Pluggable = NonNullable<StreamdownProps["rehypePlugins"]>[number];

const FENCE = /^ {0,3}(`{3,}|~{3,})/m;

/** Whether the text has a fenced code block (open or closed). */
export function hasCodeFence(text: string): boolean {
  return FENCE.test(text);
}

export const highlighter = lazily<Pluggable>(async () => {
  const { default: rehypeHighlight } = await import("rehype-highlight");
  // One highlighter for every message: building one registers its 37 languages (~2 ms), which
  // per render starved typing in long conversations (docs/ui-benchmarks.md). Streamdown caches
  // its processors by the plugins' names, so the plugin is a named function.
  const shared = rehypeHighlight();
  return function rehypeHighlightShared() {
    return shared;
  };
});
