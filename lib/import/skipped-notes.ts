/**
 * What a conversation lost on the way in, told to the person importing it: "2 images",
 * "1 attachment (report.pdf)", "3 tool messages", "an unknown content type 'tether_quote'".
 * Counted per conversation so that a long chat with forty screenshots says "40 images" once.
 */
export class SkippedNotes {
  readonly #entries = new Map<string, { count: number; names: Set<string>; say: Say }>();

  image(): void {
    this.#add("image", (n) => counted(n, "image"));
  }

  audio(): void {
    this.#add("audio", (n) => counted(n, "audio clip"));
  }

  attachment(name?: string): void {
    this.#add("attachment", (n, names) => `${counted(n, "attachment")}${listed(names)}`, name);
  }

  toolMessage(): void {
    this.#add("tool message", (n) => counted(n, "tool message"));
  }

  toolCall(): void {
    this.#add("tool call", (n) => counted(n, "tool call"));
  }

  toolResult(): void {
    this.#add("tool result", (n) => counted(n, "tool result"));
  }

  /** ChatGPT's custom instructions, which it keeps as a hidden message in each conversation. */
  customInstructions(): void {
    this.#add("custom instructions", () => "the custom instructions");
  }

  unknownContentType(type: string): void {
    this.#add(`content type ${type}`, (n) => `an unknown content type '${type}'${times(n)}`);
  }

  unknownRole(role: string): void {
    this.#add(`role ${role}`, (n) => `${counted(n, "message")} from an unknown role '${role}'`);
  }

  /** A message longer than CHAT_MAX_IMPORT_MESSAGE_CHARS, cut there (long-messages.ts). */
  messageEnd(maxChars: number): void {
    this.#add(
      "message end",
      (n) =>
        `the end of ${counted(n, "message")} longer than ${maxChars.toLocaleString("en-US")} characters (CHAT_MAX_IMPORT_MESSAGE_CHARS)`,
    );
  }

  list(): string[] {
    return [...this.#entries.values()].map(({ count, names, say }) => say(count, names));
  }

  #add(key: string, say: Say, name?: string): void {
    // A set: a conversation may name thousands of files, and a list's `includes` made that quadratic.
    const entry = this.#entries.get(key) ?? { count: 0, names: new Set<string>(), say };
    entry.count++;
    if (name) entry.names.add(name);
    this.#entries.set(key, entry);
  }
}

type Say = (count: number, names: ReadonlySet<string>) => string;

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function times(count: number): string {
  return count === 1 ? "" : ` (${count} times)`;
}

/** The first few names: enough to recognise the files without a sentence as long as a list. */
function listed(names: ReadonlySet<string>): string {
  if (names.size === 0) return "";
  const shown = [...names].slice(0, 3).join(", ");
  return names.size > 3 ? ` (${shown} and ${names.size - 3} more)` : ` (${shown})`;
}
