import type { MathPlugin } from "streamdown";
import { lazily } from "./lazily";

/**
 * Math in replies (KaTeX), loaded only when a reply has some: remark-math, rehype-katex and KaTeX
 * are ~300 KB of script that most conversations never need, so they are a chunk of their own
 * fetched the first time a message holds a math delimiter (markdown.tsx suspends that message
 * meanwhile; a server render waits for it, so a stored conversation arrives with its math
 * rendered).
 *
 * Delimiters: `$$…$$` (a block on lines of their own, else inline), and the `\[…\]` / `\(…\)`
 * that models trained on LaTeX write, rewritten to `$$`. A single `$` is not math: replies talk
 * about prices far more often than they write `$x$`.
 */

const DELIMITER = /\$\$|\\\[|\\\(/;

/** Whether the text may hold math, so that the math code is worth loading. */
export function mayHaveMath(text: string): boolean {
  return DELIMITER.test(text);
}

// A fence line (``` or ~~~, up to three spaces in) opens or closes a code block; math inside one
// is code, shown as written.
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// In prose: an inline code span (kept as is), a display `\[…\]`, or an inline `\(…\)`.
const PROSE_MATH = /(`+)[\s\S]*?\1|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)/g;

/** `\[…\]` and `\(…\)` outside code, as remark-math's `$$` (on lines of their own for a block). */
export function withDollarDelimiters(text: string): string {
  if (!text.includes("\\[") && !text.includes("\\(")) return text;
  const out: string[] = [];
  let prose: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    if (prose.length > 0) out.push(rewriteProse(prose.join("\n")));
    prose = [];
  };
  for (const line of text.split("\n")) {
    const marker = FENCE.exec(line)?.[1];
    if (fence === undefined && marker) {
      flush();
      fence = marker;
      out.push(line);
    } else if (fence !== undefined) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    } else {
      prose.push(line);
    }
  }
  flush();
  return out.join("\n");
}

function rewriteProse(prose: string): string {
  return prose.replace(
    PROSE_MATH,
    (
      match,
      ticks: string | undefined,
      display: string | undefined,
      inline: string | undefined,
      at: number,
    ) => {
      if (ticks !== undefined) return match;
      if (inline !== undefined) return `$$${inline}$$`;
      const alone =
        (at === 0 || prose[at - 1] === "\n") &&
        (at + match.length === prose.length || prose[at + match.length] === "\n");
      return alone ? `$$\n${display?.trim()}\n$$` : `$$${display}$$`;
    },
  );
}

export const mathPlugin = lazily<MathPlugin>(async () => {
  const [remarkMath, rehypeKatex] = await Promise.all([
    import("remark-math"),
    import("rehype-katex"),
  ]);
  return {
    name: "katex",
    type: "math",
    remarkPlugin: [remarkMath.default, { singleDollarTextMath: false }],
    // A formula KaTeX cannot parse is shown as its source, in the text's own colour.
    rehypePlugin: [rehypeKatex.default, { errorColor: "currentColor" }],
  };
});
