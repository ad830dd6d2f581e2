import type { ReactNode } from "react";
import { AppProviders } from "@/components/app-providers";
import "../globals.css";

export default function Layout({ children }: { children: ReactNode }) {
  return <AppProviders>{children}</AppProviders>;
}
