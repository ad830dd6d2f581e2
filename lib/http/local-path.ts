const BASE = new URL("http://this-app.invalid/");

/**
 * `next` as a path of this app, for a redirect after signing in; `/` for anything that would lead
 * elsewhere. Judged by the browser's own URL rules (`//host`, `/\host`, a tab or newline inside
 * `//`, which browsers drop), not by its first characters.
 */
export function localPath(next: unknown): string {
  if (typeof next !== "string" || !URL.canParse(next, BASE)) return "/";
  const url = new URL(next, BASE);
  return url.origin === BASE.origin ? `${url.pathname}${url.search}${url.hash}` : "/";
}
