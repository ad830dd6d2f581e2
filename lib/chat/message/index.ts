// The message model and its conversions: the seed's Message, a stored message's parts and tree,
// the page's UI message, and the mappings store → page and store → model. Browser-safe.
export {
  type ChatDataParts,
  type ChatUIChunk,
  type ChatUIMessage,
  type EndedReply,
  endedOf,
  type ReplyMetadata,
  sourcesOf,
  type TurnData,
  textOf,
  thoughtMsOf,
  unseenFilesOf,
} from "./chat-ui-message";
export { type Message, messageSchema } from "./message";
export {
  type FilePart,
  filePartsOf,
  type MessagePart,
  messagePartSchema,
  partsOfText,
  startsStep,
  type ToolPart,
  type ToolState,
  textOfParts,
  toolStates,
  toolStepsOf,
} from "./message-parts";
export {
  branchOf,
  latestLeafUnder,
  type MessageTree,
  messageTree,
  pathTo,
  type TreeMessage,
  versionsOf,
} from "./message-tree";
export { type HistoryMessage, toModelHistory } from "./model-history";
export { type ReplySource, replySourceSchema, sourceLine } from "./reply-sources";
export { INTERRUPTED_CALL, toUIChunks, toUIMessage, toUIParts } from "./stored-to-ui";
