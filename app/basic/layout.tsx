import type { ReactNode } from "react";
// The seed's stylesheet, as it was, and nothing else: /basic is the reference example and keeps
// its look. The app's design system (app/globals.css, Tailwind with its preflight reset) is
// imported by the other pages' layouts, never by the root layout, so it does not reach this page.
import "./seed.css";

export default function BasicLayout({ children }: { children: ReactNode }) {
  return children;
}
