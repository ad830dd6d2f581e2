/**
 * A text without its trailing slashes (`/v1/models/` is `/v1/models`). Counted back from the end:
 * `/\/+$/` is quadratic in a run of slashes.
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === "/") end--;
  return text.slice(0, end);
}

/** A request's path without trailing slashes, for routing. */
export function requestPath(request: Request): string {
  return withoutTrailingSlashes(new URL(request.url).pathname);
}
