import {
  type ChatUIMessage,
  type ReplyMetadata,
  thoughtMsOf,
  toUIParts,
} from "@/lib/chat/message/chat-ui-message";
import { messageTree, pathTo, versionsOf } from "@/lib/chat/message/message-tree";
import type { ConversationTree, StoredMessage } from "@/lib/store";

/** A message's place among its versions (siblings), for "‹ 2 / 3 ›". */
export interface MessageVersions {
  /** The versions' ids, oldest first. */
  ids: string[];
  /** This message's place in `ids` (0-based). */
  index: number;
}

/** What the page shows of a conversation: its current path, and versions where there are several. */
export interface ConversationView {
  messages: ChatUIMessage[];
  /** By message id, for the messages of the path that have other versions. */
  versions: Record<string, MessageVersions>;
}

/**
 * The current path as the page's messages. `followed`: the last message is a reply still being
 * written, which the page follows (resume) instead of showing it as it stands.
 */
export function conversationView(
  conversation: ConversationTree,
  { followed = false }: { followed?: boolean } = {},
): ConversationView {
  const tree = messageTree(conversation.messages);
  const path = pathTo(tree, conversation.currentLeafId);
  const shown = followed && path.at(-1)?.status === "streaming" ? path.slice(0, -1) : path;
  const versions: Record<string, MessageVersions> = {};
  for (const message of path) {
    const siblings = versionsOf(tree, message);
    if (siblings.length > 1) {
      versions[message.id] = {
        ids: siblings.map((sibling) => sibling.id),
        index: siblings.indexOf(message),
      };
    }
  }
  return { messages: shown.map(toUIMessage), versions };
}

function toUIMessage(message: StoredMessage): ChatUIMessage {
  // `streaming` but not followed here: another instance is writing it (or was); shown as it stands.
  const ended: ReplyMetadata["ended"] =
    message.status === "stopped" ? "stopped" : message.status === "failed" ? "failed" : undefined;
  const thoughtMs = thoughtMsOf(message.parts);
  const metadata: ReplyMetadata = {
    ...(ended && { ended }),
    ...(message.droppedMessages && { droppedMessages: message.droppedMessages }),
    ...(thoughtMs && { thoughtMs }),
    ...(message.speaker && { speaker: message.speaker }),
  };
  return {
    id: message.id,
    role: message.role,
    parts: toUIParts(message.parts),
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  };
}
