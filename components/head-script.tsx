import { headers } from "next/headers";
import { SIDEBAR_SCRIPT } from "@/components/sidebar/sidebar-preference";
import { THEME_SCRIPT } from "@/components/theme/theme-choice";
import { nonceOf } from "@/lib/http/security-headers";

/**
 * The inline script in every page's <head> that applies this browser's choices before the body
 * is painted — the theme (THEME_SCRIPT) and a hidden sidebar (SIDEBAR_SCRIPT) — so that the page
 * does not flash the other way first. The pages' Content-Security-Policy runs inline scripts only
 * with its nonce (proxy.ts puts the policy on the request), so it carries this response's nonce.
 */
export async function HeadScript() {
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    <script
      nonce={nonce}
      // The browser hides a nonce from the DOM once read: what React finds on hydration differs.
      suppressHydrationWarning
      // biome-ignore lint/security/noDangerouslySetInnerHtml: constants of ours, no input in them.
      dangerouslySetInnerHTML={{ __html: `${THEME_SCRIPT};${SIDEBAR_SCRIPT}` }}
    />
  );
}
