/**
 * Headers every response carries (next.config.ts sets them on all paths, proxy.ts on what it
 * answers itself): no content-type sniffing, and no Referer, so that a link in a reply does not
 * tell its site this server's name and the conversation's URL.
 */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "no-referrer"],
];

/**
 * The pages' Content-Security-Policy. Inline scripts run only with this response's nonce (Next.js
 * puts it on its own scripts when it finds it in the request's policy), script files only from
 * the app (its chunks; nosniff keeps a JSON answer from being run as one). Not 'strict-dynamic':
 * in Chromium it lets any script insert inline scripts, and Next needs nothing beyond 'self'.
 * Images only from the app itself or `data:`, so that nothing a reply
 * writes can send the conversation to another server by being shown (components/markdown.tsx
 * turns such images into links too). No framing (clickjacking), no plugins, no `<base>` moving
 * relative URLs elsewhere, requests and forms to the app only. Styles may be inline: React and
 * Next write `style` attributes, and with images and fonts held to the app a style cannot send
 * anything out.
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its call stacks; never in production.
    `script-src 'self' 'nonce-${nonce}'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The nonce in a policy made by contentSecurityPolicy (proxy.ts puts it on the request). */
export function nonceOf(policy: string | null | undefined): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}
