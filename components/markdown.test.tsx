import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { Markdown } from "./markdown";

const render = (text: string, streaming = false) =>
  renderToStaticMarkup(<Markdown text={text} streaming={streaming} />);

describe("Markdown", () => {
  test("raw HTML is shown as text, never rendered", () => {
    const html = render("Look: <img src=x onerror=alert(1)> <script>alert(2)</script>");
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  test("javascript: links lose their target; safe links open in a new tab", () => {
    const html = render("[bad](javascript:alert(1)) and [good](https://example.com)");
    expect(html).not.toContain("javascript:");
    expect(html).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">good</a>',
    );
  });

  test("code blocks are highlighted and get a copy button", () => {
    const html = render("```js\nconst x = 1;\n```");
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
  });

  test("while streaming, half-written markup is closed instead of flickering", () => {
    expect(render("Some **bold", true)).toContain("<strong>bold</strong>");
    expect(render("```python\nprint(1)", true)).toContain("<pre");
  });

  test("GitHub tables render", () => {
    expect(render("| a | b |\n|---|---|\n| 1 | 2 |")).toContain("<table>");
  });
});
