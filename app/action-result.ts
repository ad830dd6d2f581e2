import "server-only";
import { currentOwnerId } from "@/lib/session/current-owner";

/** What the page's server actions answer: the value, or a sentence saying why not. */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const NOT_FOUND = "This conversation does not exist.";

/** The owner of this request's conversations; the proxy gives every page a cookie. */
export async function owner(): Promise<string> {
  const ownerId = await currentOwnerId();
  if (!ownerId) throw new Error("No session: reload the page.");
  return ownerId;
}
