import type { ChatUIMessage } from "@/lib/chat/message";
import {
  type MessageTree,
  messageTree,
  pathTo,
  type TreeMessage,
  toUIMessage,
  versionsOf,
} from "@/lib/chat/message";
import type { ConversationTree } from "@/lib/store";

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
  return { messages: shown.map(toUIMessage), versions: pathVersions(tree, path) };
}

/** The versions of each message of `path` that has others beside it. */
export function pathVersions<T extends TreeMessage>(
  tree: MessageTree<T>,
  path: readonly T[],
): Record<string, MessageVersions> {
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
  return versions;
}
