/**
 * The theme this browser chose: light, dark, or the system's (the default). Kept in localStorage,
 * per browser (not per account: a phone and a laptop may differ), and applied as the `dark`
 * class on <html> (app/globals.css).
 */
export type ThemeChoice = "light" | "dark" | "system";

export const THEME_STORAGE_KEY = "chat-theme";

export const THEME_CHOICES: readonly ThemeChoice[] = ["light", "dark", "system"];

/**
 * Runs in the page's <head>, before the body is painted, so that a dark page never flashes
 * light first: sets the class from the stored choice or the system's, and follows the system
 * while no choice is stored. Kept tiny and self-contained (it is inlined as a string); it must
 * never throw (storage may be disabled).
 */
export const THEME_SCRIPT = `(function(){var k=${JSON.stringify(THEME_STORAGE_KEY)},m=matchMedia("(prefers-color-scheme: dark)");function a(){var t;try{t=localStorage.getItem(k)}catch(e){}document.documentElement.classList.toggle("dark",t==="dark"||(t!=="light"&&m.matches))}a();m.addEventListener("change",a);addEventListener("storage",function(e){if(e.key===k)a()})})()`;
