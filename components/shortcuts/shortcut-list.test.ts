import { describe, expect, test } from "vitest";
import { type KeyPress, shortcutFor } from "./shortcut-list";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("shortcutFor", () => {
  test("Ctrl or ⌘ alike", () => {
    expect(shortcutFor(press("k", { ctrlKey: true }), false)?.action).toBe("search");
    expect(shortcutFor(press("k", { metaKey: true }), false)?.action).toBe("search");
    expect(shortcutFor(press("O", { ctrlKey: true, shiftKey: true }), false)?.action).toBe(
      "newChat",
    );
    expect(shortcutFor(press("S", { metaKey: true, shiftKey: true }), true)?.action).toBe(
      "toggleSidebar",
    );
  });

  test("? and / are text while typing; the modified shortcuts still work there", () => {
    expect(shortcutFor(press("?", { shiftKey: true }), false)?.action).toBe("showHelp");
    expect(shortcutFor(press("?", { shiftKey: true }), true)).toBeUndefined();
    expect(shortcutFor(press("/"), false)?.action).toBe("focusComposer");
    expect(shortcutFor(press("/"), true)).toBeUndefined();
    expect(shortcutFor(press("Escape", { shiftKey: true }), true)?.action).toBe("focusComposer");
    expect(shortcutFor(press("k", { ctrlKey: true }), true)?.action).toBe("search");
  });

  test("plain keys and Alt combinations are left alone", () => {
    expect(shortcutFor(press("k"), false)).toBeUndefined();
    expect(shortcutFor(press("Escape"), false)).toBeUndefined();
    expect(shortcutFor(press("k", { ctrlKey: true, altKey: true }), false)).toBeUndefined();
  });
});
