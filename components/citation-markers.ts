import type { Element, ElementContent, Root } from "hast";

/**
 * A rehype plugin for a reply given numbered sources: each `[n]` in its text (n from 1 to
 * `count`; not in code, not in a link) becomes a button carrying `data-source="n"`, which the
 * reply's sources (reply-sources.tsx) open in its document. Other brackets stay text.
 */
export function rehypeCitationMarkers(count: number): () => (tree: Root) => void {
  let plugin = byCount.get(count);
  if (!plugin) {
    plugin = () => (tree: Root) => {
      if (count > 0) rewrite(tree, count);
    };
    byCount.set(count, plugin);
  }
  return plugin;
}

/** One plugin per count, so that a reply's plugin list stays the same from render to render. */
const byCount = new Map<number, () => (tree: Root) => void>();
const listsByCount = new Map<number, readonly [() => (tree: Root) => void]>();

/** The Markdown's extra plugins for a reply given `count` sources (none: undefined), kept. */
export function citationMarkerPlugins(
  count: number,
): readonly [() => (tree: Root) => void] | undefined {
  if (count <= 0) return undefined;
  let list = listsByCount.get(count);
  if (!list) {
    list = [rehypeCitationMarkers(count)];
    listsByCount.set(count, list);
  }
  return list;
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
