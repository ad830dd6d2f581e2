import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import type { StreamdownProps } from "streamdown";

/**
 * What may stay in a reply's HTML: GitHub's rules (hast-util-sanitize's default schema), which
 * keep links to `http:`, `https:`, `mailto:` and relative URLs only — a `javascript:` link loses
 * its target — and drop every attribute that could run code. Raw HTML never gets this far: without
 * rehype-raw, Streamdown shows it as text. Two additions:
 * - `data:` image sources: markdown-images.ts has already made every image that is not the
 *   app's own or a `data:image/…` a link, so what is left may be shown;
 * - the class of those links (`image-link`), and the fence's meta string that Streamdown's code
 *   blocks read.
 * `clobberPrefix` is off as in Streamdown's own schema: remark-rehype already prefixes footnote
 * ids with `user-content-`, and raw HTML (the other source of ids) is not rendered.
 */
const schema = {
  ...defaultSchema,
  clobberPrefix: "",
  protocols: {
    ...defaultSchema.protocols,
    src: [...(defaultSchema.protocols?.src ?? []), "data"],
  },
  attributes: {
    ...defaultSchema.attributes,
    a: [
      ...(defaultSchema.attributes?.a ?? []).filter((rule) => !isClassRule(rule)),
      ["className", "data-footnote-backref", "image-link"],
    ],
    code: [...(defaultSchema.attributes?.code ?? []), "metastring"],
  },
};

function isClassRule(rule: unknown): boolean {
  return Array.isArray(rule) && rule[0] === "className";
}

type Pluggable = NonNullable<StreamdownProps["rehypePlugins"]>[number];

export const sanitize: Pluggable = [rehypeSanitize, schema];
