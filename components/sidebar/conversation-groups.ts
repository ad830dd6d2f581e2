import type { ConversationSummary } from "@/lib/chat/conversation";

export type GroupName = "Today" | "Previous 7 days" | "Older";

export interface ConversationGroup {
  name: GroupName;
  conversations: ConversationSummary[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The sidebar's sections, by when each conversation last changed, in the person's own time
 * zone: Today (since local midnight), Previous 7 days, Older. The order within each is kept (the
 * list comes newest first), and empty sections are left out.
 */
export function groupConversations(
  conversations: readonly ConversationSummary[],
  now: Date = new Date(),
): ConversationGroup[] {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const weekStart = midnight - 7 * DAY_MS;
  const groups: Record<GroupName, ConversationSummary[]> = {
    Today: [],
    "Previous 7 days": [],
    Older: [],
  };
  for (const conversation of conversations) {
    const at = Date.parse(conversation.updatedAt);
    const name: GroupName =
      at >= midnight ? "Today" : at >= weekStart ? "Previous 7 days" : "Older";
    groups[name].push(conversation);
  }
  return (Object.keys(groups) as GroupName[])
    .filter((name) => groups[name].length > 0)
    .map((name) => ({ name, conversations: groups[name] }));
}
