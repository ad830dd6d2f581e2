// The streaming chat's turn: one domain call from what the page sent to the reply's stream,
// stored as it goes. Server-only.
import "server-only";

export {
  type ChatTurn,
  type ChatTurnDeps,
  type ReplyUsage,
  runChatTurn,
  type TurnFileChooser,
  type TurnSettings,
  turnSettingsFrom,
} from "./chat-turn";
export type { ChooseFileText, FileTextChoice, FileTextRequest } from "./file-context";
export type { ConversationLimits } from "./prepare-reply";
export type { TurnModel } from "./reply-prompt";
export type { TurnRefusal, TurnRefusalReason } from "./turn-refusal";
