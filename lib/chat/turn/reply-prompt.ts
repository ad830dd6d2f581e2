import type { LanguageModel, ModelMessage } from "ai";
import { textOfParts } from "@/lib/chat/message/message-parts";
import { toModelHistory } from "@/lib/chat/message/model-history";
import { DEFAULT_PARTICIPANT, USER_NAME } from "@/lib/chat/participants/cast";
import { seatView } from "@/lib/chat/participants/seat-view";
import { type ConversationTools, conversationTools } from "@/lib/chat/tools/conversation-tools";
import type { Env } from "@/lib/env";
import { getAppMcpServers } from "@/lib/mcp/app-mcp-servers";
import { getChatModel } from "@/lib/models/chat-model";
import type { PreparedReply } from "./prepare-reply";

/** What one reply is asked with: its participant's model and persona, and the path as it sees it. */
export interface ReplyPrompt {
  model: LanguageModel;
  modelName: string;
  system: string;
  history: ModelMessage[];
  /** The conversation's MCP tools (a conversation of one participant). */
  tools?: ConversationTools;
}

/**
 * The speaker's model (its own, else the conversation's, else CHAT_MODEL) and persona (likewise,
 * else CHAT_SYSTEM_PROMPT). With one participant the path goes to the model as it is, with its
 * tool calls and the conversation's tools. With several, each sees the conversation from its seat
 * (lib/chat/seat-view.ts, as text); tools are then not offered, since one participant's calls
 * and results have no place in the others' view.
 */
export async function replyPrompt(reply: PreparedReply, settings: Env): Promise<ReplyPrompt> {
  const { conversation } = reply;
  const { participants } = conversation.cast;
  const participant =
    participants.find((candidate) => candidate.name === reply.speaker) ?? participants[0];
  const chatModel = getChatModel(participant?.model ?? conversation.model);
  const persona =
    participant?.systemPrompt ?? conversation.systemPrompt ?? settings.CHAT_SYSTEM_PROMPT;
  if (participants.length > 1) {
    const view = seatView(
      reply.history.map((message) => ({
        speaker: message.role === "user" ? USER_NAME : (message.speaker ?? DEFAULT_PARTICIPANT),
        text: textOfParts(message.parts),
      })),
      reply.speaker,
      { persona, participants: participants.map((p) => p.name) },
    );
    return { model: chatModel.model, modelName: chatModel.name, ...view, history: view.messages };
  }
  const tools = await conversationTools((await getAppMcpServers()).servers, conversation.tools);
  return {
    model: chatModel.model,
    modelName: chatModel.name,
    system: persona,
    history: await toModelHistory(reply.history, { tools: tools.tools, answered: reply.answered }),
    tools,
  };
}
