"use client";

import { memo, type ReactNode, useRef } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import remend from "remend";
import { CopyButton } from "./copy-button";
import { rehypeImagesAsLinks, urlTransform } from "./markdown-images";

/**
 * Renders an assistant message. No raw HTML is ever rendered (react-markdown escapes it), and
 * links with unsafe protocols such as `javascript:` lose their href (its default URL transform).
 * While streaming, `remend` closes half-written markup (`**bold`, an open code fence) so the
 * text does not flicker between renderings. Images from other origins are links, never fetched
 * (markdown-images.ts).
 */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
  extraRehypePlugins,
}: {
  text: string;
  streaming?: boolean;
  /** Run after ours (e.g. citation-markers.ts for a reply with sources). */
  extraRehypePlugins?: NonNullable<Options["rehypePlugins"]>;
}) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={
          extraRehypePlugins ? [...rehypePlugins, ...extraRehypePlugins] : rehypePlugins
        }
        components={components}
        urlTransform={urlTransform}
      >
        {streaming ? remend(text) : text}
      </ReactMarkdown>
    </div>
  );
});

// One highlighter for every message: react-markdown runs its plugins on each render, and
// building rehype-highlight registers its 37 languages again each time (~2 ms a render, per token
// while a reply streams), which starved typing in long conversations (docs/ui-benchmarks.md).
const highlighter = rehypeHighlight();
const rehypePlugins = [rehypeImagesAsLinks, () => highlighter];

const components: Components = {
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  a: ({ href, className, title, children }) => (
    <a
      href={href}
      className={className}
      title={title}
      target="_blank"
      rel="noopener noreferrer nofollow"
    >
      {children}
    </a>
  ),
};

function CodeBlock({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLPreElement>(null);
  return (
    <div className="code-block">
      <CopyButton label="Copy code" text={() => ref.current?.textContent ?? ""} />
      <pre ref={ref}>{children}</pre>
    </div>
  );
}
