// Replies being generated: Stop, and following a reply from another request (a reload, a
// participant's turn) — in this process, or through the store when another instance writes it.
// Server-only.
import "server-only";

export { type FollowOptions, followReply, stopReply } from "./follow-reply";
export { followStoredReply, isFollowable } from "./follow-stored-reply";
export {
  followLiveReply,
  isReplyLive,
  type LiveReply,
  type LiveReplyLimits,
  startLiveReply,
  stopLiveReply,
} from "./live-replies";
