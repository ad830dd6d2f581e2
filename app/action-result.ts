import "server-only";
import type { Viewer } from "@/lib/accounts/viewer";
import { currentViewer } from "@/lib/session/current-owner";

/** What the page's server actions answer: the value, or a sentence saying why not. */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const NOT_FOUND = "This conversation does not exist.";

/** Who this action is from: the signed-in person, or the browser's anonymous owner. */
export async function viewer(): Promise<Viewer> {
  const found = await currentViewer();
  if (!found) throw new Error("No session: reload the page.");
  return found;
}

/** The owner of this request's conversations; the proxy gives every page a cookie. */
export async function owner(): Promise<string> {
  return (await viewer()).ownerId;
}
