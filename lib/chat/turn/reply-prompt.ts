import type { FilePart, LanguageModel, ModelMessage } from "ai";
import { type Access, fullAccess, mayUseTool } from "@/lib/accounts/access-policy";
import {
  type ChatUIMessage,
  filePartsOf,
  type MessagePart,
  textOfParts,
  toModelHistory,
} from "@/lib/chat/message";
import { DEFAULT_PARTICIPANT, seatView, USER_NAME } from "@/lib/chat/participants";
import { type ConversationTools, conversationTools } from "@/lib/chat/tools";
import type { McpServers } from "@/lib/mcp/mcp-servers";
import type { ModelInputs } from "@/lib/models/model-inputs";
import type { PreparedReply } from "./prepare-reply";

/** A model as a turn uses it: the AI SDK model and the name the page shows. */
export interface TurnModel {
  name: string;
  model: LanguageModel;
  /** What it takes besides text (lib/models/model-inputs.ts); unset: text only. */
  inputs?: ModelInputs;
}

/** What one reply is asked with: its participant's model and persona, and the path as it sees it. */
export interface ReplyPrompt {
  model: TurnModel;
  /** The spec the model was chosen by (null: the default), for the usage report. */
  spec: string | null;
  system: string;
  history: ModelMessage[];
  /** The conversation's MCP tools (a conversation of one participant). */
  tools?: ConversationTools;
}

export interface ReplyPromptSources {
  /** The model of a spec a participant or the conversation chose (null: the default). */
  modelFor: (choice: string | null) => TurnModel;
  /** The MCP servers of this owner: the shared ones, and their own of those scoped per person. */
  mcpServers: (ownerId: string) => Promise<McpServers>;
  /** The persona of a conversation that has not set its own (CHAT_SYSTEM_PROMPT). */
  systemPrompt: string;
}

/**
 * The speaker's model (its own, else the conversation's, else the default) and persona (likewise).
 * With one participant the path goes to the model as it is, with its tool calls and the
 * conversation's tools. With several, each sees the conversation from its seat (as text); tools
 * are then not offered, since one participant's calls and results have no place in the others'
 * view.
 */
export async function replyPrompt(
  reply: PreparedReply,
  sources: ReplyPromptSources,
  viewer: { ownerId: string; access: Access } = { ownerId: "", access: fullAccess },
  /** What the model gets for each attached file on the path (file-context.ts). */
  files?: ReadonlyMap<string, ChatUIMessage["parts"]>,
): Promise<ReplyPrompt> {
  const { conversation } = reply;
  const { participants } = conversation.cast;
  const participant =
    participants.find((candidate) => candidate.name === reply.speaker) ?? participants[0];
  const spec = participant?.model ?? conversation.model;
  const model = sources.modelFor(spec);
  const persona = participant?.systemPrompt ?? conversation.systemPrompt ?? sources.systemPrompt;
  if (participants.length > 1) {
    const view = seatView(
      reply.history.map((message) => ({
        speaker: message.role === "user" ? USER_NAME : (message.speaker ?? DEFAULT_PARTICIPANT),
        ...withFiles(message.parts, files),
      })),
      reply.speaker,
      { persona, participants: participants.map((p) => p.name) },
    );
    return { model, spec, system: view.system, history: view.messages };
  }
  const tools = await conversationTools(
    await sources.mcpServers(viewer.ownerId),
    conversation.tools,
    (key) => mayUseTool(viewer.access, key),
  );
  return {
    model,
    spec,
    system: persona,
    history: await toModelHistory(reply.history, {
      tools: tools.tools,
      answered: reply.answered,
      files,
    }),
    tools,
  };
}

/**
 * A message as a seat reads it: its files' text blocks before its text, as a plain chat gives
 * them (file-context.ts), and the files its model takes as they are — images to a model that
 * sees, PDFs to one that reads them — after it. A file the model cannot take comes as the
 * sentence file-context.ts writes for it.
 */
function withFiles(
  parts: readonly MessagePart[],
  files: ReadonlyMap<string, ChatUIMessage["parts"]> | undefined,
): { text: string; files: FilePart[] } {
  const given = filePartsOf(parts).flatMap((part) => files?.get(part.fileId) ?? []);
  return {
    text: [
      ...given.flatMap((part) => (part.type === "text" ? [part.text] : [])),
      textOfParts(parts),
    ].join(""),
    files: given.flatMap((part) =>
      part.type === "file"
        ? [
            {
              type: "file" as const,
              data: part.url,
              mediaType: part.mediaType,
              ...(part.filename ? { filename: part.filename } : {}),
            },
          ]
        : [],
    ),
  };
}
