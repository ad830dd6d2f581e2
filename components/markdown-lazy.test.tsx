import { renderToStaticMarkup } from "react-dom/server";
import { prerender } from "react-dom/static";
import { expect, test } from "vitest";
import { Markdown } from "./markdown";
import { TooltipProvider } from "./ui/tooltip";

// A file of its own: its module state is fresh, so nothing has loaded the code for math and
// highlighting yet (markdown.test.tsx loads both first).

/** Renders as the server does for a page: waiting for what loads lazily (math, highlighting). */
async function renderWhenReady(text: string): Promise<string> {
  const { prelude } = await prerender(
    <TooltipProvider>
      <Markdown text={text} />
    </TooltipProvider>,
  );
  return new Response(prelude).text();
}

test("a first render shows code plain and formulas as written; a server render waits", async () => {
  const text = "Area: $$\\pi r^2$$\n\n```js\nconst r = 1;\n```";
  const first = renderToStaticMarkup(
    <TooltipProvider>
      <Markdown text={text} />
    </TooltipProvider>,
  );
  expect(first).not.toContain("katex");
  expect(first).toContain("$$\\pi r^2$$");
  expect(first).not.toContain("hljs");
  expect(first).toContain("const r = 1;");
  const html = await renderWhenReady(text);
  expect(html).toContain('<span class="katex">');
  expect(html).toContain('<annotation encoding="application/x-tex">\\pi r^2</annotation>');
  expect(html).toContain('<span class="hljs-keyword">const</span>');
});
