"use client";

import "katex/dist/katex.min.css";
import { type ComponentProps, memo, Suspense, use, useMemo } from "react";
import {
  type DefaultComponents,
  defaultComponents,
  type ExtraProps,
  type PluginConfig,
  Streamdown,
  type StreamdownProps,
  useIsCodeFenceIncomplete,
} from "streamdown";
import { CodeBlock } from "./code-block";
import { hasCodeFence, highlighter } from "./markdown-highlight";
import { rehypeImagesAsLinks } from "./markdown-images";
import { mathPlugin, mayHaveMath, withDollarDelimiters } from "./markdown-math";
import { mermaidPlugin } from "./markdown-mermaid";
import { sanitize } from "./markdown-sanitize";
import { cn } from "./ui/cn";

/**
 * Renders an assistant message with Streamdown, the AI SDK family's streaming Markdown renderer:
 * while a reply streams it closes half-written markup (`**bold`, an open code fence) so the text
 * does not flicker, and re-parses only the block being written. No raw HTML is ever rendered
 * (Streamdown shows it as text without rehype-raw), links keep only safe protocols
 * (markdown-sanitize.ts) and open in a new tab, images from other origins are links, never
 * fetched (markdown-images.ts). Highlighting, math (KaTeX) and Mermaid diagrams load their code
 * only for a message that needs them (markdown-highlight.ts, markdown-math.ts,
 * markdown-mermaid.ts), so the page's first load does not carry them.
 */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
  extraRehypePlugins,
}: {
  text: string;
  streaming?: boolean;
  /** Run after ours, the same array from render to render (e.g. citation-markers.ts's). */
  extraRehypePlugins?: readonly Pluggable[];
}) {
  const source = withDollarDelimiters(text);
  const needs = { math: mayHaveMath(source), code: hasCodeFence(source) };
  const pipeline = readyPipeline(needs);
  const extra = extraRehypePlugins;
  if (pipeline) {
    return <Rendered source={source} streaming={streaming} pipeline={pipeline} extra={extra} />;
  }
  return (
    // Until their code has loaded, code is shown plain and formulas as written. A server render
    // waits, so a stored conversation arrives complete.
    <Suspense
      fallback={<Rendered source={source} streaming={streaming} pipeline={BASE} extra={extra} />}
    >
      <Loading source={source} streaming={streaming} needs={needs} extra={extra} />
    </Suspense>
  );
});

interface Needs {
  math: boolean;
  code: boolean;
}

function Loading({
  source,
  streaming,
  needs,
  extra,
}: {
  source: string;
  streaming: boolean;
  needs: Needs;
  extra?: readonly Pluggable[];
}) {
  // Both loads start before either is waited for.
  const math = needs.math ? mathPlugin.load() : undefined;
  const code = needs.code ? highlighter.load() : undefined;
  if (math) use(math);
  if (code) use(code);
  const pipeline = readyPipeline(needs) ?? BASE;
  return <Rendered source={source} streaming={streaming} pipeline={pipeline} extra={extra} />;
}

export type Pluggable = NonNullable<StreamdownProps["rehypePlugins"]>[number];

/** The plugins a message is rendered with: the same objects for every message that needs them,
 * so that Streamdown's memoized blocks and cached processors are reused. */
interface Pipeline {
  rehypePlugins: Pluggable[];
  plugins: PluginConfig;
}

// Images first (they may become links), then the sanitizer (which also checks those links),
// then highlighting; Streamdown adds rehype-katex after these when a message has math.
const BASE: Pipeline = {
  rehypePlugins: [rehypeImagesAsLinks, sanitize],
  plugins: { mermaid: mermaidPlugin },
};
const pipelines = new Map<string, Pipeline>();

/** The pipeline for what a message needs, if all of it has loaded. */
function readyPipeline(needs: Needs): Pipeline | undefined {
  const math = needs.math ? mathPlugin.ready() : undefined;
  const highlight = needs.code ? highlighter.ready() : undefined;
  if ((needs.math && !math) || (needs.code && !highlight)) return undefined;
  const key = `${Boolean(math)}:${Boolean(highlight)}`;
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    pipeline = {
      rehypePlugins: highlight ? [...BASE.rehypePlugins, highlight] : BASE.rehypePlugins,
      plugins: math ? { ...BASE.plugins, math } : BASE.plugins,
    };
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

function Rendered({
  source,
  streaming,
  pipeline,
  extra,
}: {
  source: string;
  streaming: boolean;
  pipeline: Pipeline;
  extra?: readonly Pluggable[];
}) {
  // The same array while neither changes: Streamdown keeps its processors per plugin list.
  const rehypePlugins = useMemo(
    () => (extra ? [...pipeline.rehypePlugins, ...extra] : pipeline.rehypePlugins),
    [pipeline, extra],
  );
  return (
    <Streamdown
      className="markdown"
      // A finished reply is parsed once as a whole; a streaming one block by block.
      mode={streaming ? "streaming" : "static"}
      isAnimating={streaming}
      rehypePlugins={rehypePlugins}
      plugins={pipeline.plugins}
      components={components}
      controls={controls}
      linkSafety={linkSafety}
    >
      {source}
    </Streamdown>
  );
}

// Streamdown's own controls for tables (copy, download, full screen) and diagrams; code blocks
// are ours (code-block.tsx).
const controls = { code: false, mermaid: { panZoom: false } } as const;
// Streamdown asks before opening a link by default; ours open in a new tab with no referrer.
const linkSafety = { enabled: false };

const LANGUAGE = /(?:^|\s)language-(\S+)/;

function Code({ node, className, children, ...props }: ComponentProps<"code"> & ExtraProps) {
  const incomplete = useIsCodeFenceIncomplete();
  // Streamdown's `pre` marks the code it holds; any other code is inline.
  if (!("data-block" in props)) return <code className={className}>{children}</code>;
  const language = LANGUAGE.exec(className ?? "")?.[1] ?? "";
  // A diagram is drawn once its fence is closed; while it streams, its source shows.
  if (language === "mermaid" && !incomplete) {
    const Diagram = defaultComponents.code;
    return (
      <Diagram node={node} className={className} {...props}>
        {children}
      </Diagram>
    );
  }
  return (
    <CodeBlock language={language} className={className}>
      {children}
    </CodeBlock>
  );
}

function Link({ href, className, title, children }: ComponentProps<"a">) {
  // A link whose target was dropped (unsafe, or still being written) is its text.
  if (!href) return <span className={className}>{children}</span>;
  // Footnotes stay in the page.
  const away = !href.startsWith("#");
  return (
    <a
      href={href}
      className={cn(
        "font-medium text-brand underline decoration-brand/40 underline-offset-2 hover:decoration-brand",
        className,
      )}
      title={title}
      target={away ? "_blank" : undefined}
      rel={away ? "noopener noreferrer nofollow" : undefined}
    >
      {children}
    </a>
  );
}

function Image({ src, alt, title }: ComponentProps<"img">) {
  // biome-ignore lint/performance/noImgElement: Markdown images are the reply's own, from this app or data:.
  return <img src={src} alt={alt} title={title} />;
}

function Strong({ children }: ComponentProps<"strong">) {
  // Streamdown's is a styled <span>; <strong> keeps the emphasis for screen readers.
  return <strong>{children}</strong>;
}

// Typed by the elements they render (Streamdown's `Components` has a catch-all index signature).
const components: Partial<DefaultComponents> = {
  code: Code,
  a: Link,
  img: Image,
  strong: Strong,
};
