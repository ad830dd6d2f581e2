/**
 * A conversation's messages form a tree: each has a parent (none for a first message), an edit or
 * a regenerated reply adds a sibling, and the conversation shows one path, from a first message to
 * its current leaf. These are the tree's questions, answered from the stored messages (any order).
 */
export interface TreeMessage {
  id: string;
  parentId: string | null;
  /** Creation order within the conversation: among siblings, versions are numbered by it. */
  seq: number;
}

export interface MessageTree<T extends TreeMessage> {
  byId: ReadonlyMap<string, T>;
  /** Children of each message by seq, oldest first; `null` keys the first messages. */
  children: ReadonlyMap<string | null, readonly T[]>;
}

export function messageTree<T extends TreeMessage>(messages: readonly T[]): MessageTree<T> {
  const byId = new Map<string, T>();
  const children = new Map<string | null, T[]>();
  for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
    byId.set(message.id, message);
    const siblings = children.get(message.parentId);
    if (siblings) siblings.push(message);
    else children.set(message.parentId, [message]);
  }
  return { byId, children };
}

/** The messages from a first message down to `leafId`, in order; empty when it is unknown. */
export function pathTo<T extends TreeMessage>(tree: MessageTree<T>, leafId: string | null): T[] {
  const path: T[] = [];
  const seen = new Set<string>();
  for (let at = leafId === null ? undefined : tree.byId.get(leafId); at; ) {
    // A cycle cannot be stored (a parent is always older), but a path must never loop.
    if (seen.has(at.id)) break;
    seen.add(at.id);
    path.push(at);
    at = at.parentId === null ? undefined : tree.byId.get(at.parentId);
  }
  return path.reverse();
}

/** The message and its siblings (itself included), oldest first: its versions. */
export function versionsOf<T extends TreeMessage>(tree: MessageTree<T>, message: T): readonly T[] {
  return tree.children.get(message.parentId) ?? [message];
}

/**
 * Where a branch leads: from `id`, down through the most recent child each time, to a leaf. What
 * the page shows after switching to a version is that version and this path below it.
 */
export function latestLeafUnder<T extends TreeMessage>(
  tree: MessageTree<T>,
  id: string,
): T | undefined {
  let at = tree.byId.get(id);
  for (
    let next = at && tree.children.get(at.id)?.at(-1);
    next;
    next = tree.children.get(next.id)?.at(-1)
  ) {
    at = next;
  }
  return at;
}

/** The message and everything below it. */
export function branchOf<T extends TreeMessage>(tree: MessageTree<T>, id: string): Set<string> {
  const branch = new Set<string>();
  const stack = [id];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (branch.has(next) || !tree.byId.has(next)) continue;
    branch.add(next);
    for (const child of tree.children.get(next) ?? []) stack.push(child.id);
  }
  return branch;
}
