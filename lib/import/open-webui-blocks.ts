/**
 * The blocks Open WebUI writes into a reply's text, which its page folds:
 * `<details type="reasoning" done="true" duration="12"><summary>Thought for 12 seconds</summary>`
 * with the thinking quoted line by line, `<details type="tool_calls" …>`, or, from older versions
 * and raw mode, the model's own `<think>…</think>`. A block runs from its opening tag to the first
 * closing tag after it; an opening tag never closed is text.
 *
 * Read in one pass, in time linear in the text: the regular expression this replaces
 * (`<details …>([\s\S]*?)<\/details>|<think>([\s\S]*?)<\/think>`) looked for a closing tag from
 * every opening one, so a reply of many unclosed tags took time quadratic in its length (a 78 KB
 * file held the server for 14 s). Here every search for a tag goes forward only and is not
 * repeated (`ForwardSearch`), so the text is read a bounded number of times whatever it holds.
 */
export type ReplyBlock =
  | { kind: "text"; text: string }
  | { kind: "think"; body: string }
  | { kind: "details"; type: DetailsType; attributes: string; body: string };

export type DetailsType = "reasoning" | "tool_calls" | "code_interpreter";

// Sticky: tried only where a `<details` starts. Its one unbounded part, the space before `type`,
// is not shared with any other opening tag.
const detailsType = /<details\s+type="(reasoning|tool_calls|code_interpreter)"/y;

export function replyBlocks(content: string): ReplyBlock[] {
  const blocks: ReplyBlock[] = [];
  const details = new ForwardSearch(content, "<details");
  const think = new ForwardSearch(content, "<think>");
  const tagEnd = new ForwardSearch(content, ">");
  const detailsEnd = new ForwardSearch(content, "</details>");
  const thinkEnd = new ForwardSearch(content, "</think>");
  let textFrom = 0;
  let at = 0;
  const take = (start: number, end: number, block: ReplyBlock) => {
    blocks.push({ kind: "text", text: content.slice(textFrom, start) }, block);
    textFrom = end;
    at = end;
  };
  for (;;) {
    const nextDetails = details.from(at);
    const nextThink = think.from(at);
    if (nextDetails < 0 && nextThink < 0) break;
    if (nextThink >= 0 && (nextDetails < 0 || nextThink < nextDetails)) {
      const close = thinkEnd.from(nextThink + "<think>".length);
      if (close < 0) {
        at = nextThink + 1;
        continue;
      }
      take(nextThink, close + "</think>".length, {
        kind: "think",
        body: content.slice(nextThink + "<think>".length, close),
      });
      continue;
    }
    detailsType.lastIndex = nextDetails;
    const opening = detailsType.exec(content);
    const openingEnd = detailsType.lastIndex;
    const attributesEnd = opening ? tagEnd.from(openingEnd) : -1;
    const close = attributesEnd < 0 ? -1 : detailsEnd.from(attributesEnd + 1);
    if (!opening || close < 0) {
      at = nextDetails + 1;
      continue;
    }
    take(nextDetails, close + "</details>".length, {
      kind: "details",
      type: opening[1] as DetailsType,
      attributes: content.slice(openingEnd, attributesEnd),
      body: content.slice(attributesEnd + 1, close),
    });
  }
  blocks.push({ kind: "text", text: content.slice(textFrom) });
  return blocks.filter((block) => block.kind !== "text" || block.text !== "");
}

/**
 * Where `needle` next occurs at or after a position, for positions that only grow: the last answer
 * is kept, so together the searches read the text once.
 */
class ForwardSearch {
  #found = -2;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  from(position: number): number {
    if (this.#found === -1 || this.#found >= position) return this.#found;
    this.#found = this.text.indexOf(this.needle, position);
    return this.#found;
  }
}

/**
 * The body without its first `<summary>…</summary>` (the first opening tag that has a closing one
 * after it: if the first has none, no later one has), in one forward search.
 */
export function withoutSummary(body: string): string {
  const open = body.indexOf("<summary>");
  const close = open < 0 ? -1 : body.indexOf("</summary>", open + "<summary>".length);
  return close < 0 ? body : body.slice(0, open) + body.slice(close + "</summary>".length);
}
