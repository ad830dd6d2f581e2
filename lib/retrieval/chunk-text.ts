/**
 * A file's text split into passages for retrieval. Each chunk is an exact slice of one page (never
 * across a page break), so its page number is exact and the page can show it highlighted.
 */
export interface TextChunk {
  /** Its position among the file's chunks, from 0. */
  ordinal: number;
  /** 1-based page (PDF pages are separated by "\f" in a file's text); null for a text without pages. */
  page: number | null;
  text: string;
  /** An estimate (characters / 4), as the budget of a turn counts before the model tokenizes. */
  tokens: number;
}

/** How the text is laid out: prose breaks at headings and paragraphs, code at blank lines. */
export type TextKind = "prose" | "code";

export interface ChunkOptions {
  /** A chunk grows until it would pass this many tokens. */
  targetTokens: number;
  /** A single paragraph or block longer than this is cut at lines, sentences or words. */
  maxTokens: number;
  /** Each chunk after the first of a page starts with this much of the text before it. */
  overlapTokens: number;
}

export const defaultChunkOptions: ChunkOptions = {
  targetTokens: 400,
  maxTokens: 500,
  overlapTokens: 40,
};

const CHARS_PER_TOKEN = 4;
export const estimateTokens = (text: string) => Math.ceil(text.length / CHARS_PER_TOKEN);

/** A range [start, end) of a page's text. */
interface Span {
  start: number;
  end: number;
  /** A heading opens a new chunk, so a section's title stays with its text. */
  heading: boolean;
}

export function chunkText(
  text: string,
  kind: TextKind,
  options: ChunkOptions = defaultChunkOptions,
): TextChunk[] {
  const pages = text.split("\f");
  const paged = pages.length > 1;
  const chunks: TextChunk[] = [];
  pages.forEach((pageText, index) => {
    for (const span of chunkPage(pageText, kind, options)) {
      const slice = pageText.slice(span.start, span.end);
      chunks.push({
        ordinal: chunks.length,
        page: paged ? index + 1 : null,
        text: slice,
        tokens: estimateTokens(slice),
      });
    }
  });
  return chunks;
}

function chunkPage(page: string, kind: TextKind, options: ChunkOptions): Span[] {
  const target = options.targetTokens * CHARS_PER_TOKEN;
  const max = options.maxTokens * CHARS_PER_TOKEN;
  const overlap = options.overlapTokens * CHARS_PER_TOKEN;
  const blocks = blocksOf(page, kind).flatMap((block) => splitLong(page, block, max));
  const packed: Span[] = [];
  let current: Span | undefined;
  for (const block of blocks) {
    const fits = current && block.end - current.start <= target && !block.heading;
    if (current && fits) {
      current.end = block.end;
    } else {
      if (current) packed.push(current);
      current = { ...block };
    }
  }
  if (current) packed.push(current);
  return packed.map((span, i) =>
    i === 0 || overlap === 0 ? span : { ...span, start: overlapStart(page, span.start, overlap) },
  );
}

/** Paragraphs (text between blank lines); a Markdown heading opens a block with the paragraph after it. */
function blocksOf(page: string, kind: TextKind): Span[] {
  const blocks: Span[] = [];
  let current: Span | undefined;
  // A heading's block takes the next paragraph in, across the blank line between them.
  let headingOnly = false;
  const lineRe = /[^\n]*\n?/g;
  for (let match = lineRe.exec(page); match && match[0] !== ""; match = lineRe.exec(page)) {
    const content = match[0].replace(/\r?\n$/, "");
    const start = match.index;
    const end = start + content.length;
    if (content.trim() === "") {
      if (!headingOnly) current = undefined;
    } else if (kind === "prose" && /^#{1,6}\s/.test(content)) {
      current = { start, end, heading: true };
      blocks.push(current);
      headingOnly = true;
    } else if (current) {
      current.end = end;
      headingOnly = false;
    } else {
      current = { start, end, heading: false };
      blocks.push(current);
    }
  }
  return blocks;
}

/** A block longer than `max` characters, cut at line ends, else sentence ends, else spaces. */
function splitLong(page: string, block: Span, max: number): Span[] {
  const spans: Span[] = [];
  let start = block.start;
  let heading = block.heading;
  while (block.end - start > max) {
    const window = page.slice(start, start + max);
    const cut = lastBreak(window);
    spans.push({ start, end: start + cut, heading });
    heading = false;
    start += cut;
    while (start < block.end && /\s/.test(page[start] ?? "")) start += 1;
  }
  if (start < block.end) spans.push({ start, end: block.end, heading });
  return spans;
}

function lastBreak(window: string): number {
  const half = window.length / 2;
  for (const pattern of [/\n/g, /[.!?;:](?=\s)/g, /\s/g]) {
    let best = -1;
    for (const match of window.matchAll(pattern)) best = match.index + match[0].length;
    if (best > half) return best;
  }
  return window.length;
}

/** Where a chunk starts when it carries `overlap` characters of the text before it: at a word. */
function overlapStart(page: string, start: number, overlap: number): number {
  const from = Math.max(0, start - overlap);
  if (from === 0) return 0;
  const space = page.slice(from, start).search(/\s\S/);
  return space < 0 ? start : from + space + 1;
}
