import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { Markdown } from "./markdown";
import { isInlineImageSource } from "./markdown-images";

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

describe("Markdown images", () => {
  test("an image from another origin is a link with its alt text, never an <img>", () => {
    const html = render("Look: ![the secret](http://127.0.0.1:9/?q=secret) there");
    expect(html).not.toContain("<img");
    expect(html).toContain(
      '<a href="http://127.0.0.1:9/?q=secret" class="image-link" title="Image (not loaded)" target="_blank" rel="noopener noreferrer nofollow">the secret</a>',
    );
  });

  test.each([
    ["//attacker.example/x.png"],
    ["https://attacker.example/x.png"],
    ["HTTP://attacker.example/x.png"],
  ])("%j is another origin", (src) => {
    expect(render(`![x](${src})`)).not.toContain("<img");
  });

  test.each([
    ["/\\attacker.example/x.png", false],
    ["\t//attacker.example/x.png", false],
    ["/x.png", true],
    ["x.png", true],
    ["data:image/png;base64,AAAA", true],
    ["data:text/html,<script>", false],
  ])("the image source %j is inline: %s (the browser's URL rules)", (src, inline) => {
    expect(isInlineImageSource(src)).toBe(inline);
  });

  test("without alt text the link says where it goes", () => {
    expect(render("![](https://example.com/a.png)")).toContain(">https://example.com/a.png</a>");
  });

  test("an image inside a link becomes its alt text, not a link in a link", () => {
    const html = render("[![badge](https://example.com/b.svg)](https://example.com)");
    expect(html).not.toContain("<img");
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain(">badge</a>");
  });

  test("images of the app itself and data: images are shown", () => {
    expect(render("![logo](/logo.png)")).toContain('<img src="/logo.png" alt="logo"/>');
    const pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    expect(render(`![dot](${pixel})`)).toContain(`<img src="${pixel}" alt="dot"/>`);
  });
});
