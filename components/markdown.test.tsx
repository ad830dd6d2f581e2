import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, test } from "vitest";
import { Markdown } from "./markdown";
import { highlighter } from "./markdown-highlight";
import { isInlineImageSource } from "./markdown-images";
import { mathPlugin, withDollarDelimiters } from "./markdown-math";
import { TooltipProvider } from "./ui/tooltip";

// In the page, the app's providers hold the tooltips' shared delay (components/app-providers.tsx).
const render = (text: string, streaming = false) =>
  renderToStaticMarkup(
    <TooltipProvider>
      <Markdown text={text} streaming={streaming} />
    </TooltipProvider>,
  );

beforeAll(async () => {
  await Promise.all([mathPlugin.load(), highlighter.load()]);
});

describe("Markdown", () => {
  test("raw HTML is shown as text, never rendered", () => {
    const html = render("Look: <img src=x onerror=alert(1)> <script>alert(2)</script>");
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  test("javascript: links lose their target; safe links open in a new tab", () => {
    const html = render("[bad](javascript:alert(1)) and [good](https://example.com)");
    expect(html).not.toContain("javascript:");
    expect(html).toMatch(
      /<a href="https:\/\/example.com" class="[^"]*" target="_blank" rel="noopener noreferrer nofollow">good<\/a>/,
    );
  });

  test("a footnote's link stays in the page", () => {
    const html = render("Said[^1].\n\n[^1]: Somewhere.");
    expect(html).toMatch(/<a href="#user-content-fn-1"[^>]*>1<\/a>/);
    expect(html).not.toMatch(/href="#user-content-fn-1"[^>]*target/);
  });

  test("code blocks are highlighted, and show their language, a copy button and a wrap toggle", () => {
    const html = render("```js\nconst x = 1;\n```");
    expect(html).toMatch(/<span class="code-block-language[^"]*">js<\/span>/);
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toMatch(/<button[^>]*aria-label="Wrap lines"[^>]*aria-pressed="false"/);
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    // Without a language: plain text, not guessed.
    expect(render("```\nconst x = 1;\n```")).toMatch(
      /<span class="code-block-language[^"]*">text<\/span>/,
    );
  });

  test("inline code is not a code block", () => {
    const html = render("Run `npm test` now");
    expect(html).toContain("<code>npm test</code>");
    expect(html).not.toContain("code-block");
  });

  test("while streaming, half-written markup is closed instead of flickering", () => {
    expect(render("Some **bold", true)).toContain("<strong>bold</strong>");
    expect(render("```python\nprint(1)", true)).toContain("<pre");
  });

  test("GitHub tables render, with Streamdown's copy and download controls", () => {
    const html = render("| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html).toMatch(/<table[^>]*>/);
    expect(html).toContain('title="Copy table"');
  });
});

describe("Mermaid diagrams", () => {
  const diagram = "```mermaid\ngraph TD\n  A-->B\n```";

  test("a finished ```mermaid block is a diagram (drawn in the browser, Mermaid loaded then)", () => {
    const html = render(`Here:\n\n${diagram}`);
    expect(html).not.toContain("code-block");
    expect(html).not.toContain("A--&gt;B");
  });

  test("while its fence is open, the diagram's source shows as code", () => {
    const html = render("Here:\n\n```mermaid\ngraph TD\n  A-->", true);
    expect(html).toMatch(/<span class="code-block-language[^"]*">mermaid<\/span>/);
    expect(html).toContain("A--&gt;");
  });
});

describe("math", () => {
  test("$$…$$ inline and as a block, \\(…\\) and \\[…\\] render with KaTeX", () => {
    expect(render("Inline $$a^2$$ here")).toContain('<span class="katex">');
    expect(render("Block:\n\n$$\nE = mc^2\n$$")).toContain('<span class="katex-display">');
    expect(render("Inline \\(a^2\\) here")).toContain('<span class="katex">');
    expect(render("\\[\nE = mc^2\n\\]")).toContain('<span class="katex-display">');
  });

  test("a single $ is money, not math", () => {
    expect(render("From $5 to $10")).not.toContain("katex");
  });

  test("while streaming, an unclosed formula is closed rather than shown raw", () => {
    expect(render("So $$x^2 +", true)).toContain("katex");
  });

  test("a formula KaTeX cannot parse is shown as written, not as an error page", () => {
    const html = render("Bad: $$\\frac{1$$");
    expect(html).toContain("katex-error");
    expect(html).toContain("\\frac{1");
  });
});

describe("LaTeX delimiters", () => {
  test.each([
    ["\\(x\\)", "$$x$$"],
    ["a \\[x\\] b", "a $$x$$ b"],
    ["\\[\nx\n\\]", "$$\nx\n$$"],
    ["No math (here)", "No math (here)"],
    ["`\\(x\\)` is code", "`\\(x\\)` is code"],
    ["```tex\n\\(x\\)\n```\n\\(y\\)", "```tex\n\\(x\\)\n```\n$$y$$"],
    ["~~~\n\\[x\\]\n```\n\\[y\\]", "~~~\n\\[x\\]\n```\n\\[y\\]"],
  ])("%j becomes %j", (text, expected) => {
    expect(withDollarDelimiters(text)).toBe(expected);
  });
});

describe("Markdown images", () => {
  test("an image from another origin is a link with its alt text, never an <img>", () => {
    const html = render("Look: ![the secret](http://127.0.0.1:9/?q=secret) there");
    expect(html).not.toContain("<img");
    expect(html).toMatch(
      /<a href="http:\/\/127.0.0.1:9\/\?q=secret" class="[^"]*image-link" title="Image \(not loaded\)" target="_blank" rel="noopener noreferrer nofollow">the secret<\/a>/,
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
