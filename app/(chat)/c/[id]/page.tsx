import { notFound, redirect } from "next/navigation";
import { Chat } from "@/components/chat";
import { conversationView, settingsOf } from "@/lib/chat/conversation";
import { isFollowable, isReplyLive } from "@/lib/chat/live";
import { env } from "@/lib/env";
import { modelNameFor } from "@/lib/models/chat-model";
import { settingsForPage } from "@/lib/models/model-choice-ids";
import { currentOwnerId } from "@/lib/session/current-owner";
import { currentPathOf, getChatStore } from "@/lib/store";

export const dynamic = "force-dynamic";
export const maxDuration = 30;

/**
 * A stored conversation: the path it shows (its current versions), exactly as saved. A reply
 * still being generated is left out of the initial messages and followed instead (resume): from
 * its first chunk when this process generates it, through its stored text when another instance
 * does.
 */
export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ownerId = await currentOwnerId();
  // A session that ended (signed out elsewhere, or the person was disabled) signs in again.
  if (!ownerId && env().CHAT_AUTH === "accounts")
    redirect(`/sign-in?next=%2Fc%2F${encodeURIComponent(id)}`);
  const conversation = ownerId
    ? await (await getChatStore()).getConversation(ownerId, id)
    : undefined;
  if (!ownerId || !conversation) notFound();

  // Generated here, or by another instance sharing the database (followed through the store).
  const live =
    isReplyLive(ownerId, id) ||
    isFollowable(currentPathOf(conversation).at(-1), env().CHAT_TOTAL_TIMEOUT_MS);
  const view = conversationView(conversation, { followed: live });
  return (
    <Chat
      key={id}
      id={id}
      modelName={modelNameFor(conversation.model)}
      title={conversation.title}
      initialMessages={view.messages}
      initialVersions={view.versions}
      resume={live}
      settings={settingsForPage(settingsOf(conversation))}
      maxAutoTurns={env().CHAT_MAX_AUTO_TURNS}
    />
  );
}
