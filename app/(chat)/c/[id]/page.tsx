import { notFound } from "next/navigation";
import { Chat } from "@/components/chat";
import {
  type ChatUIMessage,
  type ReplyMetadata,
  thoughtMsOf,
  toUIParts,
} from "@/lib/chat/chat-ui-message";
import { isFollowable } from "@/lib/chat/follow-stored-reply";
import { isReplyLive } from "@/lib/chat/live-replies";
import { env } from "@/lib/env";
import { modelNameFor } from "@/lib/models/chat-model";
import { currentOwnerId } from "@/lib/session/current-owner";
import { getChatStore, type StoredMessage } from "@/lib/store";

export const dynamic = "force-dynamic";
export const maxDuration = 30;

/**
 * A stored conversation, exactly as saved. A reply still being generated is left out of the
 * initial messages and followed instead (resume): from its first chunk when this process
 * generates it, through its stored text when another instance does.
 */
export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ownerId = await currentOwnerId();
  const conversation = ownerId
    ? await (await getChatStore()).getConversation(ownerId, id)
    : undefined;
  if (!ownerId || !conversation) notFound();

  // Generated here, or by another instance sharing the database (followed through the store).
  const live =
    isReplyLive(ownerId, id) ||
    isFollowable(conversation.messages.at(-1), env().CHAT_TOTAL_TIMEOUT_MS);
  const shown = conversation.messages.filter(
    (message, index) =>
      !(live && message.status === "streaming" && index === conversation.messages.length - 1),
  );
  return (
    <Chat
      key={id}
      id={id}
      modelName={modelNameFor(conversation.model)}
      title={conversation.title}
      initialMessages={shown.map(toUIMessage)}
      resume={live}
      settings={{
        systemPrompt: conversation.systemPrompt,
        model: conversation.model,
        tools: conversation.tools,
      }}
    />
  );
}

function toUIMessage(message: StoredMessage): ChatUIMessage {
  // `streaming` but not live here: another instance is writing it (or was); shown as it stands.
  const ended: ReplyMetadata["ended"] =
    message.status === "stopped" ? "stopped" : message.status === "failed" ? "failed" : undefined;
  const thoughtMs = thoughtMsOf(message.parts);
  const metadata: ReplyMetadata = {
    ...(ended && { ended }),
    ...(message.droppedMessages && { droppedMessages: message.droppedMessages }),
    ...(thoughtMs && { thoughtMs }),
  };
  return {
    id: message.id,
    role: message.role,
    parts: toUIParts(message.parts),
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  };
}
