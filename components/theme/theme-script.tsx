import { headers } from "next/headers";
import { nonceOf } from "@/lib/http/security-headers";
import { THEME_SCRIPT } from "./theme-choice";

/**
 * The inline script that sets the theme before paint (see THEME_SCRIPT). The pages'
 * Content-Security-Policy runs inline scripts only with its nonce (proxy.ts puts the policy on the
 * request), so it carries the nonce of this response.
 */
export async function ThemeScript() {
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    <script
      nonce={nonce}
      // The browser hides a nonce from the DOM once read: what React finds on hydration differs.
      suppressHydrationWarning
      // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of ours, no input in it.
      dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }}
    />
  );
}
