import { ChatStoreError } from "./chat-store-error";

/** Where a page of `listConversations` ended: the last row's sort key, opaque to callers. */
export interface ListPosition {
  updatedAt: Date;
  id: string;
}

export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(`${position.updatedAt.getTime()}.${position.id}`).toString("base64url");
}

export function decodeListCursor(cursor: string): ListPosition {
  const match = /^(\d{1,16})\.([\w-]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match?.[1] || !match[2]) {
    throw new ChatStoreError("invalid-cursor", "This page cursor is not one the store gave out.");
  }
  return { updatedAt: new Date(Number(match[1])), id: match[2] };
}

export function pageLimit(limit: number | undefined, fallback = 50, max = 200): number {
  if (limit === undefined) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}
