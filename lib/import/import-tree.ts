import type { MessagePart } from "@/lib/chat/message";
import type { ImportedMessage } from "@/lib/store/conversation-import";
import { appendPart } from "./part-list";

/**
 * Turns another app's messages, each naming its parent, into our tree: parents before children,
 * every parent a message that is kept. Exports hold nodes we do not import (ChatGPT's empty root,
 * system and tool messages, content we cannot show); such a node is left out and its children
 * follow its nearest kept ancestor, so leaving things out never breaks a branch off the tree.
 */
export interface SourceNode {
  /** Unique in the conversation; becomes the message's key. */
  id: string;
  parentId: string | null;
  /** What the node is in our terms, or `null` for a node left out. */
  message: SourceMessage | null;
  /** A left-out node that was the user's turn: a reply after it is a new reply, never merged. */
  userTurn?: boolean;
}

export interface SourceMessage {
  role: ImportedMessage["role"];
  parts: MessagePart[];
  status: ImportedMessage["status"];
  createdAt?: Date;
  /** "Thought for 12 seconds", said apart from the thinking (ChatGPT's `reasoning_recap`). */
  thoughtForMs?: number;
}

export interface TreeOptions {
  /**
   * ChatGPT writes one reply as a run of assistant nodes (its thinking, "Thought for 12 s", code
   * it ran, the answer), each the only child of the one before. Merged, they are one reply with a
   * thinking block, as our page shows it; a node with two children (a regenerated continuation)
   * ends a run, so no branch is lost.
   */
  mergeAssistantRuns: boolean;
}

export type ImportTree =
  | {
      ok: true;
      messages: ImportedMessage[];
      /** The key of the message a source node ended up in (its nearest kept ancestor's if left out). */
      keyOf(id: string | null | undefined): string | null;
    }
  | { ok: false; reason: string };

export function buildImportTree(nodes: readonly SourceNode[], options: TreeOptions): ImportTree {
  const byId = new Map<string, SourceNode>();
  for (const node of nodes) {
    if (byId.has(node.id)) return { ok: false, reason: `Message ${node.id} appears twice.` };
    byId.set(node.id, node);
  }
  const children = new Map<string, SourceNode[]>();
  const roots: SourceNode[] = [];
  for (const node of nodes) {
    if (node.parentId === null) {
      roots.push(node);
    } else if (!byId.has(node.parentId)) {
      return {
        ok: false,
        reason: `Message ${node.id} follows ${node.parentId}, which is not in the conversation.`,
      };
    } else {
      const siblings = children.get(node.parentId);
      if (siblings) siblings.push(node);
      else children.set(node.parentId, [node]);
    }
  }

  // Depth first from the roots, siblings in the order of the source (oldest first in every
  // export we read): parents come before children and each branch stays together.
  const order: SourceNode[] = [];
  const stack = [...roots].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    order.push(node);
    const next = children.get(node.id);
    if (next) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i] as SourceNode);
  }
  if (order.length !== nodes.length) {
    return {
      ok: false,
      reason: "Its messages do not form a tree: some of them follow each other in a loop.",
    };
  }

  // The tree of kept nodes: each kept node's nearest kept ancestor, whether a left-out user turn
  // lies between them, and how many kept children each has.
  const keptParent = new Map<string, string | null>();
  const crossedUser = new Map<string, boolean>();
  const keptChildCount = new Map<string, number>();
  /** For every node: its nearest kept ancestor-or-self, and whether a user turn was passed. */
  const anchor = new Map<string, { kept: string | null; crossedUser: boolean }>();
  for (const node of order) {
    const above = node.parentId === null ? undefined : anchor.get(node.parentId);
    const kept = above?.kept ?? null;
    const crossed = above?.crossedUser ?? false;
    if (node.message) {
      keptParent.set(node.id, kept);
      crossedUser.set(node.id, crossed);
      if (kept !== null) keptChildCount.set(kept, (keptChildCount.get(kept) ?? 0) + 1);
      anchor.set(node.id, { kept: node.id, crossedUser: false });
    } else {
      anchor.set(node.id, { kept, crossedUser: crossed || node.userTurn === true });
    }
  }

  // Merge runs, then drop replies left empty; `resolved` says which message a node ended up in.
  const target = new Map<string, string>();
  const built = new Map<string, { message: SourceMessage; parts: MessagePart[] }>();
  for (const node of order) {
    const message = node.message;
    if (!message) continue;
    const parentId = keptParent.get(node.id) ?? null;
    const into = parentId === null ? undefined : target.get(parentId);
    const mergeable =
      options.mergeAssistantRuns &&
      into !== undefined &&
      message.role === "assistant" &&
      built.get(into)?.message.role === "assistant" &&
      crossedUser.get(node.id) === false &&
      parentId !== null &&
      keptChildCount.get(parentId) === 1;
    if (mergeable && into !== undefined) {
      const merged = built.get(into);
      if (merged) {
        for (const part of message.parts) appendPart(merged.parts, part);
        // The reply's status is that of how it ended: its last node.
        merged.message = { ...merged.message, status: message.status };
        if (message.thoughtForMs !== undefined) setThinkingTime(merged.parts, message.thoughtForMs);
      }
      target.set(node.id, into);
    } else {
      const parts: MessagePart[] = [];
      for (const part of message.parts) appendPart(parts, part);
      if (message.thoughtForMs !== undefined) setThinkingTime(parts, message.thoughtForMs);
      built.set(node.id, { message, parts });
      target.set(node.id, node.id);
    }
  }

  const resolved = new Map<string, string | null>();
  const messages: ImportedMessage[] = [];
  for (const node of order) {
    const above = node.parentId === null ? null : (resolved.get(node.parentId) ?? null);
    const own = target.get(node.id);
    if (own === undefined) {
      resolved.set(node.id, above);
      continue;
    }
    if (own !== node.id) {
      // Merged into a reply earlier in the order: it resolves where that reply did.
      resolved.set(node.id, resolved.get(own) ?? null);
      continue;
    }
    const entry = built.get(node.id);
    const keptParentId = keptParent.get(node.id) ?? null;
    const parentKey = keptParentId === null ? null : (resolved.get(keptParentId) ?? null);
    // A reply with nothing we can show (only a tool call, an image, an empty thought) is left
    // out; an empty user message stays, since the reply after it answers something (an image).
    if (!entry || (entry.parts.length === 0 && entry.message.role === "assistant")) {
      resolved.set(node.id, parentKey);
      continue;
    }
    resolved.set(node.id, node.id);
    messages.push({
      key: node.id,
      parent: parentKey,
      role: entry.message.role,
      parts: entry.parts,
      status: entry.message.status,
      ...(entry.message.createdAt ? { createdAt: entry.message.createdAt } : {}),
    });
  }

  return {
    ok: true,
    messages,
    keyOf: (id) => (id == null ? null : (resolved.get(id) ?? null)),
  };
}

/** Puts "Thought for N s" on the thinking it belongs to: the last that has no time yet. */
function setThinkingTime(parts: MessagePart[], durationMs: number): void {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part?.type === "reasoning") {
      if (part.durationMs === undefined) parts[i] = { ...part, durationMs };
      return;
    }
  }
}
