/** What the page's keyboard shortcuts do; the chat shell gives each its handler. */
export type ShortcutAction = "newChat" | "search" | "focusComposer" | "toggleSidebar" | "showHelp";

export interface Shortcut {
  action: ShortcutAction;
  /** As the shortcuts dialog shows it, key by key. */
  keys: readonly string[];
  description: string;
  /** Whether a key press is this shortcut. */
  matches: (event: KeyPress) => boolean;
  /** Also while typing in a text field (those with a modifier; `?` and `/` are typed text). */
  whileTyping: boolean;
}

/** The parts of a KeyboardEvent a shortcut looks at (a plain object in tests). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

// Ctrl on Linux and Windows, ⌘ on a Mac: either is taken, so the page needs no platform sniffing.
const command = (event: KeyPress) => (event.ctrlKey || event.metaKey) && !event.altKey;
const plain = (event: KeyPress) => !event.ctrlKey && !event.metaKey && !event.altKey;

/**
 * The shortcuts, as ChatGPT and Claude have them where they have one, so that hands that know
 * those know these. None is one a browser keeps for itself (Ctrl+N, Ctrl+T, Ctrl+W).
 */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: "newChat",
    keys: ["Ctrl", "Shift", "O"],
    description: "New chat",
    matches: (e) => command(e) && e.shiftKey && e.key.toLowerCase() === "o",
    whileTyping: true,
  },
  {
    action: "search",
    keys: ["Ctrl", "K"],
    description: "Search conversations",
    matches: (e) => command(e) && !e.shiftKey && e.key.toLowerCase() === "k",
    whileTyping: true,
  },
  {
    action: "focusComposer",
    keys: ["Shift", "Esc"],
    description: "Focus the message box",
    matches: (e) => !e.ctrlKey && !e.metaKey && !e.altKey && e.shiftKey && e.key === "Escape",
    whileTyping: true,
  },
  {
    action: "focusComposer",
    keys: ["/"],
    description: "Focus the message box",
    matches: (e) => plain(e) && e.key === "/",
    whileTyping: false,
  },
  {
    action: "toggleSidebar",
    keys: ["Ctrl", "Shift", "S"],
    description: "Show or hide the sidebar",
    matches: (e) => command(e) && e.shiftKey && e.key.toLowerCase() === "s",
    whileTyping: true,
  },
  {
    action: "showHelp",
    keys: ["?"],
    description: "Keyboard shortcuts",
    matches: (e) => !e.ctrlKey && !e.metaKey && !e.altKey && e.key === "?",
    whileTyping: false,
  },
  {
    action: "showHelp",
    keys: ["Ctrl", "/"],
    description: "Keyboard shortcuts",
    matches: (e) => command(e) && e.key === "/",
    whileTyping: true,
  },
];

/** The shortcut a key press is, if any; `typing` is whether a text field has the focus. */
export function shortcutFor(event: KeyPress, typing: boolean): Shortcut | undefined {
  return SHORTCUTS.find((shortcut) => (!typing || shortcut.whileTyping) && shortcut.matches(event));
}
