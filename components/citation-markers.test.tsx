import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { rehypeCitationMarkers } from "./citation-markers";
import { Markdown } from "./markdown";
import { ReplySources } from "./reply-sources";

const render = (text: string, count: number) =>
  renderToStaticMarkup(
    <Markdown text={text} extraRehypePlugins={[[rehypeCitationMarkers, { count }]]} />,
  );

test("[n] markers of the reply's sources become buttons naming their source; others stay text", () => {
  const html = render(
    "Revenue grew [1], costs fell [2][3]. See [7] and `a[1]` and [x](https://e.com/[1]).",
    3,
  );
  expect(html).toContain(
    '<button type="button" class="citation" data-source="1" aria-label="Source 1">[1]</button>',
  );
  expect(html).toContain('data-source="3"');
  // Beyond the sources, in code, in links: left alone.
  expect(html).toContain("See [7]");
  expect(html).toContain("<code>a[1]</code>");
  expect(html.match(/class="citation"/g)).toHaveLength(3);
});

test("without sources nothing changes, and raw HTML is still text", () => {
  const html = render("Look [1] <b>x</b>", 0);
  expect(html).toContain("<p>Look [1] &lt;b&gt;x&lt;/b&gt;</p>");
  expect(html).not.toContain("citation");
});

test("a reply's sources are listed by file, page and their first line", () => {
  const html = renderToStaticMarkup(
    <ReplySources
      sources={[
        {
          n: 1,
          fileId: "f1",
          fileName: "report.pdf",
          page: 18,
          text: "## Keys\nThe brass key hides.",
        },
        { n: 2, fileId: "f2", fileName: "notes.txt", page: null, text: "Plain notes." },
      ]}
    />,
  );
  expect(html).toContain('aria-label="Sources"');
  expect(html).toContain('<li value="1">');
  expect(html).toContain('report.pdf</span><span class="source-page">, page 18</span>');
  expect(html).toContain(": Keys</span>");
  expect(html).toContain("notes.txt");
  expect(renderToStaticMarkup(<ReplySources sources={undefined} />)).toBe("");
});
