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

/**
 * In prose: an inline code span (kept as is), a display `\[…\]` or an inline `\(…\)`, scanned
 * by hand rather than by one regular expression, which needed a backreference for the code span
 * and took time quadratic in unclosed openers. A closer that is not there is looked for once.
 */
function rewriteProse(prose: string): string {
  let out = "";
  let i = 0;
  // The shortest run of backticks found to have no closer after some earlier position: no
  // longer run can have one after a later position either.
  let unclosedTicks = Number.POSITIVE_INFINITY;
  const unclosed = { "\\]": false, "\\)": false };
  while (i < prose.length) {
    const char = prose[i];
    if (char === "`") {
      let ticks = 1;
      while (prose[i + ticks] === "`") ticks++;
      const close = ticks >= unclosedTicks ? -1 : prose.indexOf("`".repeat(ticks), i + ticks);
      if (close < 0) {
        unclosedTicks = Math.min(unclosedTicks, ticks);
        out += prose.slice(i, i + ticks);
        i += ticks;
      } else {
        out += prose.slice(i, close + ticks);
        i = close + ticks;
      }
      continue;
    }
    const opener = char === "\\" ? prose[i + 1] : undefined;
    if (opener === "[" || opener === "(") {
      const closer = opener === "[" ? "\\]" : "\\)";
      // At least one character between them.
      const close = unclosed[closer] ? -1 : prose.indexOf(closer, i + 3);
      if (close < 0) {
        unclosed[closer] = true;
        out += prose.slice(i, i + 2);
        i += 2;
        continue;
      }
      const body = prose.slice(i + 2, close);
      const end = close + 2;
      if (opener === "(") {
        out += `$$${body}$$`;
      } else {
        const alone =
          (i === 0 || prose[i - 1] === "\n") && (end === prose.length || prose[end] === "\n");
        out += alone ? `$$\n${body.trim()}\n$$` : `$$${body}$$`;
      }
      i = end;
      continue;
    }
    out += char;
    i++;
  }
  return out;
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
