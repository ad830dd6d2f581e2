import { Chat } from "@/components/chat";
import { env } from "@/lib/env";
import { modelNameFor } from "@/lib/models/chat-model";
import { newId } from "@/lib/store/new-id";

export const dynamic = "force-dynamic";
export const maxDuration = 30;

/** A new conversation: stored under this id when its first message is sent. */
export default function NewChatPage() {
  const id = newId();
  return (
    <Chat
      key={id}
      id={id}
      modelName={modelNameFor()}
      initialMessages={[]}
      maxAutoTurns={env().CHAT_MAX_AUTO_TURNS}
    />
  );
}
