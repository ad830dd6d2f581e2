// The seed's contract, kept at /basic: continueConversation(history) → history plus the reply.
// Server-only.
import "server-only";

export {
  type ContinueConversationOptions,
  type ContinueConversationResult,
  continueConversation,
} from "./continue-conversation";
export { type HistoryValidation, validateHistory } from "./validate-history";
