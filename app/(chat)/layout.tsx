import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppProviders } from "@/components/app-providers";
import { ChatShell, Sidebar } from "@/components/sidebar";
import { toConversationSummary } from "@/lib/chat/conversation";
import { env } from "@/lib/env";
import { currentViewer } from "@/lib/session/current-owner";
import { getChatStore } from "@/lib/store";
import "../globals.css";

/** The chat pages: this browser's conversations on the side, the open one beside them. */
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const viewer = await currentViewer();
  // A session that ended (signed out elsewhere, or the person was disabled) signs in again.
  if (!viewer && env().CHAT_AUTH === "accounts") redirect("/sign-in");
  const ownerId = viewer?.ownerId;
  const page = ownerId
    ? await (await getChatStore()).listConversations(ownerId, { limit: 50 })
    : { conversations: [], nextCursor: undefined };
  const conversations = page.conversations.map(toConversationSummary);
  return (
    <AppProviders>
      <ChatShell
        sidebar={
          <Sidebar
            conversations={conversations}
            nextCursor={page.nextCursor}
            person={viewer?.person && { name: viewer.person.name, role: viewer.person.role }}
          />
        }
      >
        {children}
      </ChatShell>
    </AppProviders>
  );
}
