/**
 * Whether a request reached the app over https: directly, or through a TLS-terminating reverse
 * proxy that says so in `X-Forwarded-Proto`, the rule Next.js itself applies. A client that sends
 * the header over plain http only gets cookies its own browser then refuses.
 */
export function isHttpsRequest(headers: Headers, url?: string): boolean {
  if (headers.get("x-forwarded-proto")?.includes("https")) return true;
  return url?.startsWith("https:") === true;
}
