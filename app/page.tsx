"use client";

import { Chat } from "@/components/chat";

export const dynamic = "force-dynamic";
export const maxDuration = 30;

/** The chat, streaming. The reference page (one request per turn) lives on at /basic. */
export default function Home() {
  return <Chat />;
}
