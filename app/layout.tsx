import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { HeadScript } from "@/components/head-script";
import { ZodWithoutEval } from "@/components/zod-without-eval";

// Every page is rendered per request: its scripts carry the nonce of that response's
// Content-Security-Policy (proxy.ts), which a page prerendered at build time could not know.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Chat",
  description: "Chat with a local model, OpenAI, or any OpenAI-compatible server.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  // On phones the keyboard resizes the page, so that the composer stays above it.
  interactiveWidget: "resizes-content",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#1c1c1c" },
  ],
};

/**
 * No stylesheet here: each section's layout brings its own — the design system (app/globals.css)
 * for the app, the seed's (app/basic/seed.css) for /basic — so that neither reaches the other.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The head script sets the theme and sidebar classes before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <HeadScript />
      </head>
      <body>
        <ZodWithoutEval />
        {children}
      </body>
    </html>
  );
}
