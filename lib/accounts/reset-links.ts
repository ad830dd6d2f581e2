import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * There is no e-mail server: Better Auth hands the reset link it made to `sendResetPassword`, and
 * an admin's request for one (`resetLinkFor`) catches it here and shows it in the admin page, for
 * the admin to pass on. A reset asked for by anyone else (the public endpoint) goes nowhere.
 */
const catcher = new AsyncLocalStorage<{ url?: string }>();

export function deliverResetLink(url: string): void {
  const waiting = catcher.getStore();
  if (waiting) waiting.url = url;
}

/** Runs `ask` (which makes Better Auth send a reset link) and returns the link it sent. */
export async function catchResetLink(ask: () => Promise<unknown>): Promise<string | undefined> {
  const slot: { url?: string } = {};
  await catcher.run(slot, ask);
  return slot.url;
}
