import type { Locator, Page } from "playwright-core";

/** How the browser tests find their way around the chat page (components/chat.tsx). */

export const messages = (page: Page) => page.locator("ol.messages > li.message");
export const box = (page: Page) => page.getByLabel("Message", { exact: true });
export const lastReply = (page: Page) => page.locator('li.message[data-role="assistant"]').last();

/** A message's visible text with white space folded, as a person reads it. */
export const read = async (locator: Locator) =>
  (await locator.innerText()).replace(/\s+/g, " ").trim();

/** Waits until no reply is being written (Send Message is back). */
export async function idle(page: Page, timeout = 30_000) {
  await page.getByRole("button", { name: "Send Message" }).waitFor({ timeout });
}

/** Sends a message with Enter and waits for the reply to end. */
export async function say(page: Page, text: string) {
  await box(page).fill(text);
  await page.keyboard.press("Enter");
  await idle(page);
}

/**
 * The messages as `speaker: text` — `user: …`, `assistant: …`, `Grace: …` — without buttons. The
 * page shows no `user:` or `assistant:` label (bubbles, and a name only where several
 * participants speak); each message names who wrote it in `data-speaker`.
 */
export async function transcript(page: Page): Promise<string[]> {
  return messages(page).evaluateAll((items) =>
    items.map((item) => {
      const label = (item as HTMLElement).dataset.speaker ?? "";
      const body = item.querySelector(".markdown, .user-text")?.textContent ?? "";
      return `${label}: ${body.replace(/\s+/g, " ").trim()}`;
    }),
  );
}
