/**
 * Stands in for rehype-raw in the app's bundles (next.config.ts). Streamdown imports rehype-raw
 * for its default plugins, and with it an HTML parser (parse5, ~170 KB of script); we never use
 * those defaults: raw HTML in a reply is shown as text, never parsed (components/markdown.tsx).
 * Were it ever used, it changes nothing, and Streamdown still shows the HTML as text.
 */
export default function rehypeRaw() {
  return undefined;
}
