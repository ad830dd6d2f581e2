import type { Element, ElementContent, Root } from "hast";
import type { Pluggable } from "./markdown";

/**
 * A rehype plugin for a reply given numbered sources: each `[n]` in its text (n from 1 to
 * `count`; not in code, not in a link) becomes a button carrying `data-source="n"`, which the
 * reply's sources (reply-sources.tsx) open in its document. Other brackets stay text.
 */
export function rehypeCitationMarkers({ count }: { count: number }) {
  return (tree: Root) => {
    if (count > 0) rewrite(tree, count);
  };
}

const byCount = new Map<number, readonly Pluggable[]>();

/**
 * The Markdown's extra plugins for a reply given `count` sources (none: undefined), the same
 * array for the same count. A plugin with its options, not a closure per count: Streamdown caches
 * its processors by each plugin's name and options, so closures of one name would share one.
 */
export function citationMarkerPlugins(count: number): readonly Pluggable[] | undefined {
  if (count <= 0) return undefined;
  let plugins = byCount.get(count);
  if (!plugins) {
    plugins = [[rehypeCitationMarkers, { count }]];
    byCount.set(count, plugins);
  }
  return plugins;
}

const SKIPPED = new Set(["code", "pre", "a", "button"]);
const MARKER = /\[(\d{1,3})\]/g;

function rewrite(parent: Root | Element, count: number): void {
  parent.children = parent.children.flatMap((child): ElementContent[] => {
    if (child.type === "element") {
      if (!SKIPPED.has(child.tagName)) rewrite(child, count);
      return [child];
    }
    if (child.type !== "text") return [child as ElementContent];
    return split(child.value, count);
  });
}

function split(text: string, count: number): ElementContent[] {
  const pieces: ElementContent[] = [];
  let from = 0;
  for (const match of text.matchAll(MARKER)) {
    const n = Number(match[1]);
    if (n < 1 || n > count) continue;
    if (match.index > from) pieces.push({ type: "text", value: text.slice(from, match.index) });
    pieces.push({
      type: "element",
      tagName: "button",
      properties: {
        type: "button",
        className: ["citation"],
        dataSource: String(n),
        ariaLabel: `Source ${n}`,
      },
      children: [{ type: "text", value: `[${n}]` }],
    });
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push({ type: "text", value: text.slice(from) });
  return pieces;
}
