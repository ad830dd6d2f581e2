/**
 * The script bench/ui.ts injects into every page (before any of the page's own scripts) to time
 * what the user sees. "Painted" is the first task after the requestAnimationFrame callback that
 * follows a change: that frame's style, layout and paint have run by then. All times are epoch
 * milliseconds (`performance.timeOrigin + performance.now()`), like the servers' clocks.
 */

export interface MarkTimes {
  /** The marker's text entered the DOM (MutationObserver callback). */
  dom: number;
  /** The next animation frame began (before its paint). */
  raf?: number;
  /** The first task after that frame: painted. */
  paint?: number;
}

export interface KeyTimes {
  key: string;
  /** The keydown event's timeStamp (when the browser received the key). */
  down: number;
  /** The `input` event: the box's value changed. */
  input?: number;
  raf?: number;
  paint?: number;
}

export interface PageRecord {
  marks: Record<string, MarkTimes>;
  keys: KeyTimes[];
  typing: boolean;
  /** Set by the bench: how many `li.message` make the conversation "rendered". */
  target: number;
  ready?: { dom: number; raf?: number; paint?: number };
  /** The composer is hydrated (React has attached to it). */
  hydrated?: number;
  longTasks: { start: number; duration: number }[];
  events: { name: string; start: number; duration: number; processing: number }[];
}

/** Source of the init script; `target` = message count of the long conversation. */
export function pageScript(target: number): string {
  return `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const B = (window.__bench = { marks: {}, keys: [], typing: false, target: ${target}, longTasks: [], events: [] });
  const afterPaint = (cb) =>
    requestAnimationFrame(() => {
      const raf = now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => cb(raf, now());
      channel.port2.postMessage(0);
    });
  // No \\b on either side: once the reply ends, its last marker is followed straight by the text
  // of the message's buttons ("tok299Copy…"); and while Streamdown streams a reply, its blocks are
  // elements with no white space between them, so a paragraph's first marker follows the last one
  // of the paragraph before ("tok19tok20"). Only markers hold "tok" and digits.
  const markerPattern = /tok(\\d+)(?!\\d)/g;
  let pending = [];
  const onMutations = () => {
    const t = now();
    const last = document.querySelector("ol.messages > li.message:last-child");
    if (last && last.getAttribute("data-role") === "assistant") {
      const text = last.textContent || "";
      for (const match of text.matchAll(markerPattern)) {
        if (!(match[0] in B.marks)) {
          B.marks[match[0]] = { dom: t };
          pending.push(match[0]);
        }
      }
    }
    if (pending.length) {
      const batch = pending;
      pending = [];
      afterPaint((raf, paint) => {
        for (const name of batch) Object.assign(B.marks[name], { raf, paint });
      });
    }
    if (B.target > 0 && !B.ready && document.querySelectorAll("ol.messages > li.message").length >= B.target) {
      const ready = (B.ready = { dom: t });
      afterPaint((raf, paint) => Object.assign(ready, { raf, paint }));
    }
  };
  new MutationObserver(onMutations).observe(document, { subtree: true, childList: true, characterData: true });
  const watchHydration = () => {
    const box = document.querySelector('textarea[aria-label="Message"]');
    if (box && Object.keys(box).some((k) => k.startsWith("__reactFiber") || k.startsWith("__reactProps"))) {
      B.hydrated = now();
      return;
    }
    requestAnimationFrame(watchHydration);
  };
  requestAnimationFrame(watchHydration);
  addEventListener("keydown", (event) => {
    if (B.typing) B.keys.push({ key: event.key, down: performance.timeOrigin + event.timeStamp });
  }, true);
  addEventListener("input", () => {
    const rec = B.keys[B.keys.length - 1];
    if (!B.typing || !rec || rec.input) return;
    rec.input = now();
    afterPaint((raf, paint) => Object.assign(rec, { raf, paint }));
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longTasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        B.events.push({ name: e.name, start: performance.timeOrigin + e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart });
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  } catch {}
})();`;
}
