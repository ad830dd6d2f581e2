// How much one request may carry and how long a reply may run: shared by the page's turn, the
// reference action and /v1.
export { type HistoryLimits, historyLimitsFrom } from "./history-limits";
export {
  type ReplyLimitKind,
  type ReplyLimits,
  type ReplyLimitWatch,
  replyLimitError,
  replyLimitsFrom,
  underReplyLimits,
  watchReplyLimits,
} from "./reply-limits";
