import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ZodWithoutEval } from "@/components/zod-without-eval";
import "./globals.css";

// Every page is rendered per request: its scripts carry the nonce of that response's
// Content-Security-Policy (proxy.ts), which a page prerendered at build time could not know.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Chat",
  description: "Chat with a local model, OpenAI, or any OpenAI-compatible server.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ZodWithoutEval />
        {children}
      </body>
    </html>
  );
}
