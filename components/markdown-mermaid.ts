import type { MermaidConfig } from "mermaid";
import type { DiagramPlugin } from "streamdown";

/**
 * Mermaid diagrams for Streamdown, with our settings only. Mermaid (~600 KB of script before its
 * diagram types) is fetched the first time a finished ```mermaid block is shown, never with the
 * page. Whatever Streamdown or a caller passes as configuration is ignored: `securityLevel:
 * "strict"` turns off click handlers and `javascript:` links, and labels are SVG text rather than
 * HTML (`htmlLabels: false`: strict mode's sanitizer keeps an `<img>` in an HTML label, which would
 * be fetched), so a diagram a reply writes cannot run script, load anything or link anywhere. (The SVG it renders is put in the page as markup; Mermaid
 * sanitizes it with DOMPurify, and the Content-Security-Policy still holds.)
 */

type Mermaid = typeof import("mermaid").default;

const SAFE: MermaidConfig = {
  startOnLoad: false,
  securityLevel: "strict",
  suppressErrorRendering: true,
  fontFamily: "inherit",
  // Labels as SVG text, never HTML: strict mode's sanitizer would still let an <img> through.
  htmlLabels: false,
  flowchart: { htmlLabels: false },
};

let loading: Promise<Mermaid> | undefined;
/** The theme Mermaid was last initialised with. */
let initialisedWith: string | undefined;

const load = () => {
  loading ??= import("mermaid").then((module) => module.default);
  return loading;
};

/** Light or dark, as the page is now (the theme is a class on <html>). */
function pageTheme(): "default" | "dark" {
  return document.documentElement.classList.contains("dark") ? "dark" : "default";
}

const instance: ReturnType<DiagramPlugin["getMermaid"]> = {
  initialize() {
    // Our configuration only (above).
  },
  async render(id: string, source: string) {
    const mermaid = await load();
    const theme = pageTheme();
    if (initialisedWith !== theme) {
      mermaid.initialize({ ...SAFE, theme });
      initialisedWith = theme;
    }
    return mermaid.render(id, source);
  },
};

export const mermaidPlugin: DiagramPlugin = {
  name: "mermaid",
  type: "diagram",
  language: "mermaid",
  getMermaid: () => instance,
};
