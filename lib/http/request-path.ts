/**
 * A request's path without trailing slashes (`/v1/models/` is `/v1/models`), for routing.
 * Counted back from the end: `/\/+$/` is quadratic in a run of slashes.
 */
export function requestPath(request: Request): string {
  const path = new URL(request.url).pathname;
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}
