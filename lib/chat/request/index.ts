// What the page sends to /api/chat: only what is new (send, regenerate, continue, answer).
export {
  type ChatRequest,
  type ChatRequestInput,
  chatRequestSchema,
  continueRequest,
  toChatRequest,
} from "./chat-request";
export { type ContinueBody, PageChatTransport } from "./page-chat-transport";
